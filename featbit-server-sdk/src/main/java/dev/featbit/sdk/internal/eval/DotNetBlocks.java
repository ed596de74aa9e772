package dev.featbit.sdk.internal.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * .NET's named blocks for {@code \p{IsName}}: the table of {@code RegexCharClass} in dotnet/runtime (read at
 * commit 00a36441), Unicode 4.0 block ranges, names matched exactly (case-sensitive). The internal names
 * {@code _xmlC _xmlD _xmlI _xmlW} of that table are not carried over.
 */
final class DotNetBlocks {
  private DotNetBlocks() {}

  private static final Map<String, int[]> BLOCKS = new HashMap<>();

  private static void b(String name, int first, int endExclusive) {
    BLOCKS.put(name, new int[] {first, endExclusive - 1});
  }

  static {
    b("IsAlphabeticPresentationForms", 0xFB00, 0xFB50);
    b("IsArabic", 0x0600, 0x0700);
    b("IsArabicPresentationForms-A", 0xFB50, 0xFE00);
    b("IsArabicPresentationForms-B", 0xFE70, 0xFF00);
    b("IsArmenian", 0x0530, 0x0590);
    b("IsArrows", 0x2190, 0x2200);
    b("IsBasicLatin", 0x0000, 0x0080);
    b("IsBengali", 0x0980, 0x0A00);
    b("IsBlockElements", 0x2580, 0x25A0);
    b("IsBopomofo", 0x3100, 0x3130);
    b("IsBopomofoExtended", 0x31A0, 0x31C0);
    b("IsBoxDrawing", 0x2500, 0x2580);
    b("IsBraillePatterns", 0x2800, 0x2900);
    b("IsBuhid", 0x1740, 0x1760);
    b("IsCJKCompatibility", 0x3300, 0x3400);
    b("IsCJKCompatibilityForms", 0xFE30, 0xFE50);
    b("IsCJKCompatibilityIdeographs", 0xF900, 0xFB00);
    b("IsCJKRadicalsSupplement", 0x2E80, 0x2F00);
    b("IsCJKSymbolsandPunctuation", 0x3000, 0x3040);
    b("IsCJKUnifiedIdeographs", 0x4E00, 0xA000);
    b("IsCJKUnifiedIdeographsExtensionA", 0x3400, 0x4DC0);
    b("IsCherokee", 0x13A0, 0x1400);
    b("IsCombiningDiacriticalMarks", 0x0300, 0x0370);
    b("IsCombiningDiacriticalMarksforSymbols", 0x20D0, 0x2100);
    b("IsCombiningHalfMarks", 0xFE20, 0xFE30);
    b("IsCombiningMarksforSymbols", 0x20D0, 0x2100);
    b("IsControlPictures", 0x2400, 0x2440);
    b("IsCurrencySymbols", 0x20A0, 0x20D0);
    b("IsCyrillic", 0x0400, 0x0500);
    b("IsCyrillicSupplement", 0x0500, 0x0530);
    b("IsDevanagari", 0x0900, 0x0980);
    b("IsDingbats", 0x2700, 0x27C0);
    b("IsEnclosedAlphanumerics", 0x2460, 0x2500);
    b("IsEnclosedCJKLettersandMonths", 0x3200, 0x3300);
    b("IsEthiopic", 0x1200, 0x1380);
    b("IsGeneralPunctuation", 0x2000, 0x2070);
    b("IsGeometricShapes", 0x25A0, 0x2600);
    b("IsGeorgian", 0x10A0, 0x1100);
    b("IsGreek", 0x0370, 0x0400);
    b("IsGreekExtended", 0x1F00, 0x2000);
    b("IsGreekandCoptic", 0x0370, 0x0400);
    b("IsGujarati", 0x0A80, 0x0B00);
    b("IsGurmukhi", 0x0A00, 0x0A80);
    b("IsHalfwidthandFullwidthForms", 0xFF00, 0xFFF0);
    b("IsHangulCompatibilityJamo", 0x3130, 0x3190);
    b("IsHangulJamo", 0x1100, 0x1200);
    b("IsHangulSyllables", 0xAC00, 0xD7B0);
    b("IsHanunoo", 0x1720, 0x1740);
    b("IsHebrew", 0x0590, 0x0600);
    b("IsHighPrivateUseSurrogates", 0xDB80, 0xDC00);
    b("IsHighSurrogates", 0xD800, 0xDB80);
    b("IsHiragana", 0x3040, 0x30A0);
    b("IsIPAExtensions", 0x0250, 0x02B0);
    b("IsIdeographicDescriptionCharacters", 0x2FF0, 0x3000);
    b("IsKanbun", 0x3190, 0x31A0);
    b("IsKangxiRadicals", 0x2F00, 0x2FE0);
    b("IsKannada", 0x0C80, 0x0D00);
    b("IsKatakana", 0x30A0, 0x3100);
    b("IsKatakanaPhoneticExtensions", 0x31F0, 0x3200);
    b("IsKhmer", 0x1780, 0x1800);
    b("IsKhmerSymbols", 0x19E0, 0x1A00);
    b("IsLao", 0x0E80, 0x0F00);
    b("IsLatin-1Supplement", 0x0080, 0x0100);
    b("IsLatinExtended-A", 0x0100, 0x0180);
    b("IsLatinExtended-B", 0x0180, 0x0250);
    b("IsLatinExtendedAdditional", 0x1E00, 0x1F00);
    b("IsLetterlikeSymbols", 0x2100, 0x2150);
    b("IsLimbu", 0x1900, 0x1950);
    b("IsLowSurrogates", 0xDC00, 0xE000);
    b("IsMalayalam", 0x0D00, 0x0D80);
    b("IsMathematicalOperators", 0x2200, 0x2300);
    b("IsMiscellaneousMathematicalSymbols-A", 0x27C0, 0x27F0);
    b("IsMiscellaneousMathematicalSymbols-B", 0x2980, 0x2A00);
    b("IsMiscellaneousSymbols", 0x2600, 0x2700);
    b("IsMiscellaneousSymbolsandArrows", 0x2B00, 0x2C00);
    b("IsMiscellaneousTechnical", 0x2300, 0x2400);
    b("IsMongolian", 0x1800, 0x18B0);
    b("IsMyanmar", 0x1000, 0x10A0);
    b("IsNumberForms", 0x2150, 0x2190);
    b("IsOgham", 0x1680, 0x16A0);
    b("IsOpticalCharacterRecognition", 0x2440, 0x2460);
    b("IsOriya", 0x0B00, 0x0B80);
    b("IsPhoneticExtensions", 0x1D00, 0x1D80);
    b("IsPrivateUse", 0xE000, 0xF900);
    b("IsPrivateUseArea", 0xE000, 0xF900);
    b("IsRunic", 0x16A0, 0x1700);
    b("IsSinhala", 0x0D80, 0x0E00);
    b("IsSmallFormVariants", 0xFE50, 0xFE70);
    b("IsSpacingModifierLetters", 0x02B0, 0x0300);
    b("IsSpecials", 0xFFF0, 0x10000);
    b("IsSuperscriptsandSubscripts", 0x2070, 0x20A0);
    b("IsSupplementalArrows-A", 0x27F0, 0x2800);
    b("IsSupplementalArrows-B", 0x2900, 0x2980);
    b("IsSupplementalMathematicalOperators", 0x2A00, 0x2B00);
    b("IsSyriac", 0x0700, 0x0750);
    b("IsTagalog", 0x1700, 0x1720);
    b("IsTagbanwa", 0x1760, 0x1780);
    b("IsTaiLe", 0x1950, 0x1980);
    b("IsTamil", 0x0B80, 0x0C00);
    b("IsTelugu", 0x0C00, 0x0C80);
    b("IsThaana", 0x0780, 0x07C0);
    b("IsThai", 0x0E00, 0x0E80);
    b("IsTibetan", 0x0F00, 0x1000);
    b("IsUnifiedCanadianAboriginalSyllabics", 0x1400, 0x1680);
    b("IsVariationSelectors", 0xFE00, 0xFE10);
    b("IsYiRadicals", 0xA490, 0xA4D0);
    b("IsYiSyllables", 0xA000, 0xA490);
    b("IsYijingHexagramSymbols", 0x4DC0, 0x4E00);
  }

  /** {first, last} code units of the block, or null. */
  static int[] range(String name) {
    return BLOCKS.get(name);
  }

  /** Every block name (tests). */
  static java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(BLOCKS.keySet());
  }
}
