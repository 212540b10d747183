/**
 * Which classes each modality of the scene can tell apart. Classes are read
 * as bit patterns; a modality is blind to one "confusion mask": class c and
 * c XOR mask look identical in it. The masks differ per modality, so any two
 * modalities together identify the class while each alone confuses pairs —
 * the reason fusion matters in this scene.
 *
 * With 8 classes (bits b2 b1 b0):
 * - image blind to b0: pairs {0,1} {2,3} {4,5} {6,7}
 * - series blind to b1: pairs {0,2} {1,3} {4,6} {5,7}
 * - tabular blind to b2: pairs {0,4} {1,5} {2,6} {3,7}
 * - tokens blind to b1 XOR-with b2: pairs {0,6} {1,7} {2,4} {3,5}
 */

import type { Modality } from "./types.ts";

/** Most classes the scene supports (each modality then shows 16 patterns). */
export const SCENE_MAX_CLASSES = 32;

/** The class bits each modality cannot see. */
export const CONFUSION_MASK: Readonly<Record<Modality, number>> = {
  image: 0b001,
  series: 0b010,
  tabular: 0b100,
  tokens: 0b110,
};

/** For one modality: the pattern (group) index each class shows, and how many patterns there are. */
export interface ModalityGroups {
  classToGroup: Int32Array;
  groups: number;
}

/**
 * The pattern index of every class in `modality`: classes c and c^mask share
 * a pattern; a class whose partner does not exist (c^mask ≥ classes) gets its own.
 *
 * @example
 * ```ts
 * import { modalityGroups } from "./scene_structure.ts";
 * const g = modalityGroups("image", 8);
 * if (g.groups !== 4 || g.classToGroup[0] !== g.classToGroup[1]) throw new Error();
 * ```
 */
export function modalityGroups(modality: Modality, classes: number): ModalityGroups {
  if (!Number.isInteger(classes) || classes < 2 || classes > SCENE_MAX_CLASSES) {
    throw new RangeError(
      `Expected classes to be an integer in 2..${SCENE_MAX_CLASSES} but found ${classes}`,
    );
  }
  const mask = CONFUSION_MASK[modality];
  const representative = new Int32Array(classes);
  for (let c = 0; c < classes; c++) {
    const partner = c ^ mask;
    representative[c] = partner < classes ? Math.min(c, partner) : c;
  }
  const reps = [...new Set(representative)].sort((a, b) => a - b);
  const classToGroup = new Int32Array(classes);
  for (let c = 0; c < classes; c++) classToGroup[c] = reps.indexOf(representative[c]);
  return { classToGroup, groups: reps.length };
}
