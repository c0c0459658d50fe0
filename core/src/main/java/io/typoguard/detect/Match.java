package io.typoguard.detect;

import io.typoguard.schema.Technique;

/**
 * Why a recipient domain looks like a typo of a trusted one.
 *
 * @param candidate   the recipient domain (army.ml)
 * @param intended    the trusted entry it most likely meant (army.mil)
 * @param technique   the typo family
 * @param distance    Damerau-Levenshtein (optimal string alignment) distance between the two domains
 * @param explanation one sentence, e.g. "army.ml is army.mil with the 'i' of the TLD missing"
 */
public record Match(DomainName candidate, TrustedEntry intended, Technique technique, int distance, String explanation) {
}
