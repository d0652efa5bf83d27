/**
 * The monthly evaluation (月度考核) linked to performance pay: {@link org.haochaping.evaluation.EvaluationService}
 * runs a month from ClickHouse (counted ratings, work orders, exclusions, fairness audit) under an
 * {@link org.haochaping.model.evaluation.EvaluationPolicy}, stores each run as a new revision, compares
 * revisions and approves one, which locks the month. The staff roster supplies names and registered phone
 * hashes; {@code export} writes the XLSX, CSV and per-clerk explanations.
 */
package org.haochaping.evaluation;
