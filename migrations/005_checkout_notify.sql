-- The checkout page shows an invoice's status live (Server-Sent Events). Every change of an invoice's
-- status sends `NOTIFY invoice_status, '<invoice id>'`; Postgres delivers it at commit (never for a
-- rolled-back change) to every API process listening, which re-reads the invoice and tells its
-- browsers. A trigger rather than a NOTIFY in the repository: it fires for every writer of the
-- column (settle, expire, mark, a future path or an operator's SQL) and keeps the repository as is.
CREATE FUNCTION checkout_notify_invoice_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('invoice_status', NEW.id);
  RETURN NULL;
END;
$$;

CREATE TRIGGER invoices_notify_status
  AFTER UPDATE OF status, additional_status ON invoices
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.additional_status IS DISTINCT FROM NEW.additional_status)
  EXECUTE FUNCTION checkout_notify_invoice_status();
