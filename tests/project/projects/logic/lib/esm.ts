import { name } from './a';
import * as b from './b.js';

export type Pair = { left: string; right: string };
export const joined: string = `${name}+${b.sawA}`;
export default function pair(left: string, right: string): Pair {
  return { left, right };
}
