/**
 * The shipped NER model, read once from the committed `models/ner.json`
 * (never downloaded). Its version is part of the analyze stage version.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { type ClustersFile, type ModelFile, modelFrom, type NerModel } from './ner-model.js';
import { modelCandidates } from '../model-files.js';

/** Where the model file is, from the source tree (tests) or from dist/. */
const CANDIDATES = modelCandidates('ner.json');
const CLUSTER_CANDIDATES = modelCandidates('word-clusters.json');

let cached: NerModel | null = null;

const find = (candidates: string[], build: string): string => {
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no model file at ${candidates.join(' or ')}; build it with ${build}`);
  return found;
};

/** The path of the shipped model file. */
export const modelPath = (): string => find(CANDIDATES, 'npm run train:ner');

/** The path of the shipped word-cluster file the model reads (`npm run train:clusters`). */
export const clustersPath = (): string => find(CLUSTER_CANDIDATES, 'npm run train:clusters');

/** The shipped word-cluster file's content. */
export const loadClusters = (): ClustersFile => JSON.parse(readFileSync(clustersPath(), 'utf8')) as ClustersFile;

/** The shipped model, loaded on first use. */
export function loadModel(): NerModel {
  if (!cached) cached = modelFrom(JSON.parse(readFileSync(modelPath(), 'utf8')) as ModelFile, loadClusters());
  return cached;
}

/**
 * The shipped model's version, read from the head of the file only (the
 * version is the file's second key), so stating the pipeline version costs no model load.
 */
export function modelVersion(): string {
  const fd = openSync(modelPath(), 'r');
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, 256, 0);
    const version = /"version":"([^"]+)"/.exec(head.subarray(0, n).toString('utf8'))?.[1];
    if (!version)
      throw new Error(`${modelPath()}: no version in the model file header; rebuild it with npm run train:ner`);
    return version;
  } finally {
    closeSync(fd);
  }
}
