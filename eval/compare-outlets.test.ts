import { describe, expect, it } from 'vitest';
import { SEEDS } from '../test/helpers/cli.js';
import { evalPages, evalSeeds, nameKeys, sameOutlet } from './compare-outlets.js';

describe('outlet scorer', () => {
  it('matches a host with the outlet it names, and nothing else', () => {
    expect([...nameKeys('www.rt.com')].sort()).toEqual(['rt', 'rtcom']);
    expect(sameOutlet('rt.com', ['RT'])).toBe(true);
    expect(sameOutlet('TheHill', ['thehill.com'])).toBe(true);
    expect(sameOutlet('Middle East Monitor', ['middleeastmonitor.com'])).toBe(true);
    expect(sameOutlet('Anadolu Agency', ['Middle East Monitor', 'middleeastmonitor.com'])).toBe(false);
    // `com` is a top-level label, never a name
    expect(sameOutlet('cnn.com', ['www.msn.com', 'MSN'])).toBe(false);
  });

  it('on the seeds: 000 and 002 are RT, no outlet named wrongly', () => {
    const e = evalSeeds(SEEDS);
    expect(e.items).toBe(5);
    expect(e.after).toMatchObject({ right: 2, wrong: 0, none: 3 });
    expect(e.before).toMatchObject({ right: 1, wrong: 0, none: 4 });
  });

  it('names the missing folder', () => {
    expect(() => evalSeeds('/nonexistent/seeds')).toThrow(/SEEDS_DIR \/nonexistent\/seeds: no such file or folder/);
    expect(() => evalPages('/nonexistent/pages')).toThrow(/PAGES_DIR .*ground-truth-dev.json: no such/);
  });
});
