// The Stripe fake as its own process, for the e2e suite (a Playwright webServer): the app
// server's official Stripe client points at it through STRIPE_API_BASE_URL, its hosted pages
// are opened by the browser, and its signed webhooks go to the app's /webhooks/stripe.
import { startStripeFake } from './stripe-fake.ts';

const port = Number(process.env.STRIPE_FAKE_PORT ?? 12111);
const webhookUrl = process.env.STRIPE_FAKE_WEBHOOK_URL;
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
if (!webhookUrl || !webhookSecret) {
  throw new Error('STRIPE_FAKE_WEBHOOK_URL et STRIPE_WEBHOOK_SECRET sont requis.');
}
const fake = await startStripeFake({ port, webhookSecret, deliver: webhookUrl });
console.info(`[stripe-fake] prêt sur ${fake.url}, webhooks vers ${webhookUrl}`);
const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
