// The AssemblyScript scalar types the logic uses, as TypeScript sees them. Under `asc` (inside `graph build`) they are
// the real i32/bool; under tsc and vitest they are JavaScript numbers and booleans. The logic only uses i32 for small
// counters and bit operations (no division, no overflow), where both worlds compute the same values (src/logic/
// portable.test.ts runs the helpers compiled by asc beside the TypeScript ones to check it).
declare type i32 = number;
declare type bool = boolean;
