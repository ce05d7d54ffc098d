/**
 * Money is held as integer cents (a JavaScript number that is a safe integer).
 * Amounts in € never pass through binary floating point in arithmetic that is kept.
 */
export type Cents = number;

export class MoneyError extends Error {}

export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${what} must be an integer number of cents, got ${value}`);
  }
  return value;
}

/**
 * Multiplies cents by the exact rational ratio num/den and rounds half-up (away from zero
 * for the half), as § 24 Abs. 4 TVöD demands. Uses BigInt so that no precision is lost.
 */
export function mulDivRoundHalfUp(cents: Cents, num: bigint, den: bigint): Cents {
  assertCents(cents);
  if (den === 0n) throw new MoneyError('division by zero');
  let n = BigInt(cents) * num;
  let d = den;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = abs / d;
  const r = abs % d;
  const rounded = r * 2n >= d ? q + 1n : q;
  return Number(negative ? -rounded : rounded);
}

/** Parses a decimal string with a dot ("4067.31", "-12.5") into cents, exactly. */
export function parseEuro(value: string): Cents {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new MoneyError(`not a euro amount with at most two decimals: "${value}"`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Formats cents the German way: 5670000 → "56.700,00 €". */
export function formatEuro(cents: Cents, withSymbol = true): string {
  assertCents(cents);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${euros},${rest}${withSymbol ? ' €' : ''}`;
}
