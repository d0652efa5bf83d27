/**
 * The exports of a revision: the office's XLSX workbook, the CSV for HR systems and each clerk's one-page
 * explanation in HTML and PDF. All of them word and format the same facts through one place, and the
 * explanation's content is built once and rendered twice.
 */
package org.haochaping.evaluation.export;
