/** The Chinese font that printed documents (QR posters, evaluation explanations) are set in. */
package org.haochaping.fonts;
