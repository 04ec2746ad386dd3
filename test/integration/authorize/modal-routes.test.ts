/**
 * The modal checkout's HTTP side: /modal/btcpay.js as a shop's page loads it (another origin, so
 * CORP must allow it), BTCPay's /invoice?id= URL, and the frame-ancestors of each checkout view.
 */
import { startTestGateway, type TestGateway } from '../../support/gateway';

jest.setTimeout(60_000);

describe('modal checkout routes', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startTestGateway(); });
  afterAll(async () => { await gw.close(); });

  it('serves /modal/btcpay.js (with the ?ver= WordPress appends) for use from other origins', async () => {
    const response = await gw.request('/modal/btcpay.js?ver=2.8.0');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(await response.text()).toContain('window.btcpay = {');
  });

  it('redirects BTCPay\'s /invoice?id= to the checkout page, keeping the modal view', async () => {
    const modal = await gw.request('/invoice?id=Abc123&view=modal', { redirect: 'manual' });
    expect(modal.status).toBe(302);
    expect(modal.headers.get('location')).toBe('/i/Abc123?view=modal');
    const plain = await gw.request('/invoice?id=a%2Fb', { redirect: 'manual' });
    expect(plain.headers.get('location')).toBe('/i/a%2Fb');
    expect((await gw.request('/invoice', { redirect: 'manual' })).status).toBe(404);
  });

  it('lets any site frame only the modal view', async () => {
    const modal = await gw.request('/i/NoSuchInvoice?view=modal');
    expect(modal.status).toBe(404);
    expect(modal.headers.get('content-security-policy')).toMatch(/frame-ancestors \*$/);
    expect(await modal.text()).toContain('id="close"');
    const plain = await gw.request('/i/NoSuchInvoice');
    expect(plain.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);
    expect(plain.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const odd = await gw.request('/i/NoSuchInvoice?view=modal&view=modal');
    expect(odd.status).toBe(404);
    expect(odd.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);
  });
});
