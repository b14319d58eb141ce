/**
 * The distinct scores of a binary scorer with the positives and negatives at each: what ROC, PR
 * and the rank-based AUC are made of. Two native sorts of plain numbers (the positives' scores, the
 * negatives') merged in one pass: sorting row indices with a comparator costs a JS array and
 * seconds on a million test rows.
 */

export interface ScoreGroups {
  /** Distinct scores, ascending. */
  scores: Float64Array;
  /** Positive rows at each score. */
  positives: Float64Array;
  /** Negative rows at each score. */
  negatives: Float64Array;
}

export function scoreGroups(positive: ArrayLike<number>, scores: ArrayLike<number>): ScoreGroups {
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (positive[i]) nPos++;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(n - nPos);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (positive[i]) pos[a++] = scores[i];
    else neg[b++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const values = new Float64Array(n);
  const positives = new Float64Array(n);
  const negatives = new Float64Array(n);
  let groups = 0;
  for (let a = 0, b = 0; a < pos.length || b < neg.length; groups++) {
    const value = b >= neg.length || (a < pos.length && pos[a] <= neg[b]) ? pos[a] : neg[b];
    values[groups] = value;
    while (a < pos.length && pos[a] === value) {
      positives[groups]++;
      a++;
    }
    while (b < neg.length && neg[b] === value) {
      negatives[groups]++;
      b++;
    }
  }
  return { scores: values.slice(0, groups), positives: positives.slice(0, groups), negatives: negatives.slice(0, groups) };
}
