import { describe, expect, it } from 'vitest';
import { collect, InputFailure, peek, WholeBytes } from './bytes.js';

async function* pieces(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

describe('streams read whole (WholeBytes)', () => {
  it('peek and collect hand back the buffer itself, not a copy', async () => {
    const bytes = Buffer.from('Title\n\nBody text.\n');
    const whole = new WholeBytes(() => bytes);
    const { head, all, complete } = await peek(whole, 8);
    expect(head.toString()).toBe('Title\n\nB');
    expect(head.buffer).toBe(bytes.buffer);
    expect(complete).toBe(false);
    expect(await collect(all, 1024, 'x.txt')).toBe(bytes);
  });

  it('say the head is complete as a stream of the same bytes does', async () => {
    for (const text of ['', 'short', '12345678', '123456789']) {
      const streamed = await peek(pieces(text), 8);
      const whole = await peek(new WholeBytes(() => Buffer.from(text)), 8);
      expect(whole.complete, text).toBe(streamed.complete);
      expect(whole.head.equals(streamed.head), text).toBe(true);
    }
  });

  it('read on first use, so a read error surfaces where the stream is consumed', async () => {
    let reads = 0;
    const failing = new WholeBytes(() => {
      reads++;
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    expect(reads).toBe(0);
    await expect(peek(failing, 8)).rejects.toThrow('EACCES');
  });

  it('refuse more bytes than the cap, as a stream does', async () => {
    const whole = new WholeBytes(() => Buffer.alloc(100, 0x61));
    await expect(collect(whole, 99, 'big.txt')).rejects.toBeInstanceOf(InputFailure);
    await expect(collect(pieces('a'.repeat(100)), 99, 'big.txt')).rejects.toBeInstanceOf(InputFailure);
    expect((await collect(whole, 100, 'big.txt')).length).toBe(100);
  });
});
