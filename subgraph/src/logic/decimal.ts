// Arithmetic on non-negative decimal integer strings (uint256 amounts), the same in AssemblyScript and TypeScript:
// the logic never needs a BigInt library, and the glue passes graph-ts BigInts as their decimal text.

const ZERO_CODE: i32 = 48;
const HEX_DIGITS = "0123456789abcdef";

/** Whether `value` is a non-negative decimal integer without a sign or leading zeros ("0" itself allowed). */
export function isDecimal(value: string): bool {
  if (value.length == 0) return false;
  if (value.length > 1 && value.charCodeAt(0) == ZERO_CODE) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < ZERO_CODE || c > ZERO_CODE + 9) return false;
  }
  return true;
}

function checked(value: string): string {
  if (!isDecimal(value)) throw new Error("not a decimal integer: " + value);
  return value;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareDecimal(a: string, b: string): i32 {
  checked(a);
  checked(b);
  if (a.length != b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** a + b. */
export function addDecimal(a: string, b: string): string {
  checked(a);
  checked(b);
  let out = "";
  let carry: i32 = 0;
  let i = a.length - 1;
  let j = b.length - 1;
  while (i >= 0 || j >= 0 || carry > 0) {
    let sum: i32 = carry;
    if (i >= 0) sum += a.charCodeAt(i) - ZERO_CODE;
    if (j >= 0) sum += b.charCodeAt(j) - ZERO_CODE;
    carry = sum >= 10 ? 1 : 0;
    out = String.fromCharCode(ZERO_CODE + sum - carry * 10) + out;
    i--;
    j--;
  }
  return out;
}

/** a - b; throws when b > a (a balance can never go negative). */
export function subtractDecimal(a: string, b: string): string {
  if (compareDecimal(a, b) < 0) throw new Error("negative result: " + a + " - " + b);
  let out = "";
  let borrow: i32 = 0;
  let j = b.length - 1;
  for (let i = a.length - 1; i >= 0; i--) {
    let digit: i32 = a.charCodeAt(i) - ZERO_CODE - borrow;
    if (j >= 0) digit -= b.charCodeAt(j) - ZERO_CODE;
    borrow = digit < 0 ? 1 : 0;
    out = String.fromCharCode(ZERO_CODE + digit + borrow * 10) + out;
    j--;
  }
  return stripZeros(out);
}

/** The smaller of a and b. */
export function minDecimal(a: string, b: string): string {
  return compareDecimal(a, b) <= 0 ? a : b;
}

/** `value` (a uint256) as 0x-hex of exactly `bytes` bytes, e.g. an ERC-721 token id back to its content hash. */
export function decimalToHex(value: string, bytes: i32): string {
  let rest = checked(value);
  let hex = "";
  while (rest != "0") {
    // Long division of the decimal digits by 16: digit-by-digit, the remainder is the next hex nibble.
    let quotient = "";
    let remainder: i32 = 0;
    for (let i = 0; i < rest.length; i++) {
      const current: i32 = remainder * 10 + (rest.charCodeAt(i) - ZERO_CODE);
      const q: i32 = current >> 4;
      remainder = current & 15;
      if (quotient.length > 0 || q > 0) quotient += String.fromCharCode(ZERO_CODE + q);
    }
    hex = HEX_DIGITS.charAt(remainder) + hex;
    rest = quotient.length == 0 ? "0" : quotient;
  }
  if (hex.length > bytes * 2) throw new Error(value + " does not fit in " + bytes.toString() + " bytes");
  while (hex.length < bytes * 2) hex = "0" + hex;
  return "0x" + hex;
}

function stripZeros(value: string): string {
  let start = 0;
  while (start < value.length - 1 && value.charCodeAt(start) == ZERO_CODE) start++;
  return value.substring(start);
}
