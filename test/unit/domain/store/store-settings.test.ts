import { createStoreSchema, newStoreSettings, updatedStoreSettings, updateStoreSchema } from '../../../../src/domain/store/store-settings';

const parseCreate = (body: unknown) => createStoreSchema.safeParse(body);
const messages = (body: unknown, schema = createStoreSchema) => {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('store settings', () => {
  it("fills BTCPay's defaults", () => {
    const parsed = parseCreate({ name: ' Corner Shop ' });
    if (!parsed.success) throw parsed.error;
    expect(newStoreSettings(parsed.data)).toEqual({
      name: 'Corner Shop', website: null, defaultCurrency: 'USD', invoiceExpirationSeconds: 900,
      monitoringExpirationSeconds: 86400, speedPolicy: 'MediumSpeed',
      lightningDescriptionTemplate: 'Paid to {StoreName} (Order ID: {OrderId})', paymentTolerance: 0,
    });
  });

  it.each([
    [{}, 'name: Name is missing'],
    [{ name: '   ' }, 'name: Name is missing'],
    [{ name: 'x'.repeat(51) }, 'name: Name can only be between 1 and 50 characters'],
    [{ name: 'S', website: 'not a url' }, 'website: Website is not a valid url'],
    [{ name: 'S', website: 'ftp://example.com' }, 'website: Website is not a valid url'],
    [{ name: 'S', invoiceExpiration: 59 }, 'invoiceExpiration: InvoiceExpiration can only be between 1 and 34560 mins (in seconds: 60 to 2073600)'],
    [{ name: 'S', invoiceExpiration: 90.5 }, 'invoiceExpiration: InvoiceExpiration can only be between 1 and 34560 mins (in seconds: 60 to 2073600)'],
    [{ name: 'S', monitoringExpiration: 599 }, 'monitoringExpiration: MonitoringExpiration can only be between 10 and 34560 mins (in seconds: 600 to 2073600)'],
    [{ name: 'S', paymentTolerance: 101 }, 'paymentTolerance: PaymentTolerance can only be between 0 and 100 percent'],
    [{ name: 'S', defaultCurrency: 'US$' }, 'defaultCurrency: DefaultCurrency must be a currency code such as USD, EUR or BTC'],
    [{ name: 'S', speedPolicy: 'Fast' }, 'speedPolicy: SpeedPolicy must be one of HighSpeed, MediumSpeed, LowMediumSpeed, LowSpeed'],
  ])('refuses %j', (body, message) => {
    expect(messages(body)).toContain(message);
  });

  it('normalises the currency and an empty website', () => {
    const parsed = parseCreate({ name: 'S', defaultCurrency: 'eur', website: '' });
    if (!parsed.success) throw parsed.error;
    expect(newStoreSettings(parsed.data)).toMatchObject({ defaultCurrency: 'EUR', website: null });
  });

  it('PUT keeps what the request does not name, and null/empty template restores the default', () => {
    const base = parseCreate({ name: 'S', website: 'https://shop.example', lightningDescriptionTemplate: 'Order {OrderId}', invoiceExpiration: 600 });
    if (!base.success) throw base.error;
    const current = newStoreSettings(base.data);
    const update = updateStoreSchema.parse({ name: 'T', lightningDescriptionTemplate: null });
    expect(updatedStoreSettings(current, update)).toEqual({
      ...current, name: 'T', lightningDescriptionTemplate: 'Paid to {StoreName} (Order ID: {OrderId})',
    });
    expect(updatedStoreSettings(current, updateStoreSchema.parse({ website: null })).website).toBeNull();
    expect(updatedStoreSettings(current, updateStoreSchema.parse({}))).toEqual(current);
  });
});
