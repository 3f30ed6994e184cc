/**
 * #/classifiers: the workspace's classifiers and language settings; #/classifiers/:uuid: one classifier
 * (intents and phrases, training, versions, evaluation, try it). No code needed.
 */
import { matchRoute } from '../routing/hash-router.js';
import { ClassifierList } from '../classifiers/classifier-list.js';
import { ClassifierDetail } from '../classifiers/classifier-detail.js';

export function ClassifiersPage({ path }: { path: string }) {
  const one = matchRoute('/classifiers/:uuid', path);
  return one ? <ClassifierDetail key={one.uuid} uuid={one.uuid} /> : <ClassifierList />;
}
