import Foundation

/// The writing system of a letter, as far as language identification cares.
enum LetterScript: Sendable, Equatable {
    case latin, cyrillic, greek, arabic, hebrew, devanagari
    case han, kana, hangul
    case other
}

/// What one Unicode scalar contributes to the analysis.
enum ScalarClass: Sendable, Equatable {
    case letter(LetterScript)
    /// Combining marks stay inside the word they follow (Indic vowel signs, accents).
    case combiningMark
    /// Arabic vowel marks and tatweel: dropped without ending the word.
    case ignorable
    case digit
    case whitespace
    /// U+FFFD, private-use, control and unassigned scalars: signs of a broken
    /// text layer, never evidence for a language.
    case invalid
    /// Punctuation, symbols and the like: they end a word.
    case other
}

enum ScriptClassifier {
    /// Ranges are checked first because `Unicode.Scalar.Properties` look-ups
    /// are comparatively slow and the common scripts are contiguous blocks.
    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let value = scalar.value
        switch value {
        case 0x61...0x7A, 0x41...0x5A: return .letter(.latin)
        case 0x30...0x39: return .digit
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0: return .whitespace
        case 0x00...0x1F, 0x7F...0x9F: return .invalid
        case 0x21...0x7E: return .other
        case 0xC0...0x24F: return (value == 0xD7 || value == 0xF7) ? .other : .letter(.latin)
        case 0x1E00...0x1EFF, 0xFB00...0xFB06: return .letter(.latin)
        case 0x300...0x36F: return .combiningMark
        case 0x370...0x3FF, 0x1F00...0x1FFF:
            return scalar.properties.isAlphabetic ? .letter(.greek) : .other
        case 0x400...0x481, 0x48A...0x52F: return .letter(.cyrillic)
        case 0x482...0x489: return .combiningMark
        case 0x591...0x5C7: return .combiningMark
        case 0x5D0...0x5F2: return .letter(.hebrew)
        case 0x640, 0x64B...0x65F, 0x670: return .ignorable
        case 0x660...0x669, 0x6F0...0x6F9: return .digit
        case 0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFC:
            return scalar.properties.isAlphabetic ? .letter(.arabic) : .other
        case 0x966...0x96F: return .digit
        case 0x900...0x97F:
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark: return .combiningMark
            case .otherLetter: return .letter(.devanagari)
            default: return .other
            }
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .letter(.hangul)
        case 0x3041...0x3096, 0x309D...0x309F, 0x30A1...0x30FA, 0x30FC...0x30FF,
             0x31F0...0x31FF, 0xFF66...0xFF9F:
            return .letter(.kana)
        case 0x3099...0x309C: return .combiningMark
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return .letter(.han)
        case 0x2000...0x200A, 0x2028, 0x2029, 0x3000: return .whitespace
        case 0xE000...0xF8FF, 0xF0000...0x10FFFF, 0xFFF0...0xFFFF: return .invalid
        default:
            return classifyByProperties(scalar)
        }
    }

    private static func classifyByProperties(_ scalar: Unicode.Scalar) -> ScalarClass {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter(.other)
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .combiningMark
        case .decimalNumber:
            return .digit
        case .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return .whitespace
        case .control, .privateUse, .surrogate, .unassigned:
            return .invalid
        default:
            return .other
        }
    }

    /// Scalars that NFKC normalisation changes in ways that matter here:
    /// decomposed accents, ligatures (ﬁ), Arabic presentation forms,
    /// full-width Latin and half-width Katakana, conjoining Hangul jamo.
    static func needsCompatibilityNormalization(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x300...0x36F, 0x1100...0x11FF, 0xFB00...0xFDFF, 0xFE70...0xFEFF, 0xFF00...0xFFEF:
            return true
        default:
            return false
        }
    }

    /// Lower-cases one scalar; a multi-scalar mapping (Turkish İ → i + dot)
    /// keeps its base letter, which is what the profiles were built from.
    @inline(__always)
    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { return Unicode.Scalar(UInt8(value + 0x20)) }
            return scalar
        }
        let properties = scalar.properties
        guard properties.changesWhenLowercased else { return scalar }
        return properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }
}
