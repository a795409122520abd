import pair, { joined } from './esm';
import { Role } from './kinds';
export const made = { ...pair('x', joined), role: Role.Ai };
