/** Merchant catalogue and fixed FX rates used by the activity generator and admin purchases. */
export interface Merchant {
  name: string;
  desc: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  currency: string;
}

export const MERCHANTS: readonly Merchant[] = [
  { name: "AMAZON WEB SERVICES", desc: "AWS EMEA aws.amazon.co", city: "Seattle", state: "WA", zip: "98109", country: "US", currency: "USD" },
  { name: "FACEBK ADS", desc: "FACEBK ADS fb.me/ads IRL", city: "Dublin", state: "", zip: "D02", country: "IE", currency: "USD" },
  { name: "GOOGLE ADS", desc: "GOOGLE *ADS1234567 cc.google.com", city: "Mountain View", state: "CA", zip: "94043", country: "US", currency: "USD" },
  { name: "SLACK TECHNOLOGIES", desc: "SLACK T0123ABCD", city: "San Francisco", state: "CA", zip: "94105", country: "US", currency: "USD" },
  { name: "GITHUB", desc: "GITHUB, INC. github.com", city: "San Francisco", state: "CA", zip: "94107", country: "US", currency: "USD" },
  { name: "OPENAI", desc: "OPENAI *CHATGPT SUBSCR", city: "San Francisco", state: "CA", zip: "94110", country: "US", currency: "USD" },
  { name: "UBER TRIP", desc: "UBER *TRIP HELP.UBER.COM", city: "London", state: "", zip: "EC1A", country: "GB", currency: "GBP" },
  { name: "DELTA AIR LINES", desc: "DELTA AIR 0062345678901", city: "Atlanta", state: "GA", zip: "30320", country: "US", currency: "USD" },
  { name: "HILTON HOTELS", desc: "HILTON PARIS OPERA", city: "Paris", state: "", zip: "75009", country: "FR", currency: "EUR" },
  { name: "LUFTHANSA", desc: "LUFTHANSA 2201234567890", city: "Frankfurt", state: "", zip: "60549", country: "DE", currency: "EUR" },
  { name: "SHOPIFY", desc: "SHOPIFY* 123456789", city: "Ottawa", state: "ON", zip: "K2P", country: "CA", currency: "CAD" },
  { name: "ALIEXPRESS", desc: "ALIEXPRESS.COM HANGZHOU", city: "Hangzhou", state: "", zip: "310000", country: "CN", currency: "CNY" },
  { name: "RAKUTEN", desc: "RAKUTEN ICHIBA TOKYO", city: "Tokyo", state: "", zip: "158-0094", country: "JP", currency: "JPY" },
  { name: "GRAB", desc: "GRAB* A-3XK2P SINGAPORE", city: "Singapore", state: "", zip: "018989", country: "SG", currency: "SGD" },
  { name: "STARBUCKS", desc: "STARBUCKS STORE 04521", city: "New York", state: "NY", zip: "10001", country: "US", currency: "USD" },
  { name: "ZOOM.US", desc: "ZOOM.US 888-799-9666", city: "San Jose", state: "CA", zip: "95113", country: "US", currency: "USD" },
];

/** USD per unit of currency, in millionths (integer so conversions stay exact). */
const USD_RATE_MICROS: Record<string, number> = {
  USD: 1_000_000,
  EUR: 1_085_000,
  GBP: 1_270_000,
  CAD: 731_000,
  CNY: 138_000,
  HKD: 128_000,
  JPY: 6_700,
  SGD: 742_000,
  AUD: 660_000,
};

export function isSupportedCurrency(currency: string): boolean {
  return currency in USD_RATE_MICROS;
}

/** Converts minor units of `currency` (with its exponent) to USD cents. */
export function toUsdCents(amountMinor: number, currency: string, exponent: number): number {
  const rate = USD_RATE_MICROS[currency];
  if (rate === undefined) throw new Error(`unsupported currency ${currency}`);
  return Math.round((amountMinor * rate * 10 ** (2 - exponent)) / 1_000_000);
}

export function merchantByName(name: string, country?: string): Merchant {
  const known = MERCHANTS.find((m) => m.name.toLowerCase() === name.toLowerCase());
  if (known) return { ...known, country: country ?? known.country };
  return { name, desc: name.toUpperCase(), city: "", state: "", zip: "", country: country ?? "US", currency: "USD" };
}
