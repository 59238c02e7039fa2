/**
 * Language of an article body, detected with eld's algorithm and tables
 * (n-gram based, 60 languages; `./eld.ts`) and weighed against what the page
 * declared (`<html lang>`, og:locale).
 */
import type { Found } from '../types.js';
import { detectEld } from './eld.js';

/** Characters of body text the detector reads: a few sentences decide; more adds time, not accuracy. @default 500 */
export const DETECT_CHARS = 500;
/** Bodies shorter than this (characters) are too short to detect reliably. */
const MIN_DETECT_CHARS = 20;

/** Detects the language of a text; null when it is too short or nothing is found. */
export function detectLanguage(text: string): Found<string> | null {
  const sample = text.slice(0, DETECT_CHARS);
  if (sample.trim().length < MIN_DETECT_CHARS) return null;
  const result = detectEld(sample);
  if (!result) return null;
  const { first, second } = result;
  // the margin over the runner-up, scaled; an unreliable result is capped low
  const margin = first > 0 ? (first - second) / first : 0;
  const confidence = result.reliable ? Math.min(0.99, 0.6 + margin * 0.4) : Math.min(0.5, 0.2 + margin * 0.3);
  return { value: result.language, via: 'detect:eld', confidence: round(confidence) };
}

/**
 * The language of an article: the detected language of its body, agreeing
 * with the declared one raising confidence; the declared one when the body is
 * too short to detect.
 */
export function chooseLanguage(body: string, declared: Found<string> | null): Found<string> | null {
  const detected = detectLanguage(body);
  if (!detected) return declared;
  if (declared && declared.value === detected.value) {
    return {
      value: detected.value,
      via: `${detected.via}+${declared.via}`,
      confidence: round(Math.max(detected.confidence, 0.95)),
    };
  }
  if (declared && detected.confidence < 0.6) return declared;
  return detected;
}

/** A language tag (`en-GB`, `pt_BR`, `EN`) to its primary ISO 639-1 subtag, or null when it is none. */
export function primaryLanguage(tag: string | undefined | null): string | null {
  const m = tag
    ?.trim()
    .toLowerCase()
    .match(/^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/);
  return m ? (m[1] as string) : null;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
