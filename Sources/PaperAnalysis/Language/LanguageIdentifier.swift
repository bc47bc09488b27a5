import Foundation

/// One possible language of a text.
public struct LanguageCandidate: Sendable, Codable, Equatable {
    /// ISO 639-1 code, e.g. "en".
    public var code: String
    /// English name, e.g. "English".
    public var name: String
    /// 0...1; the candidates of one guess add up to at most 1.
    public var confidence: Double

    /// Makes a candidate.
    public init(code: String, name: String, confidence: Double) {
        self.code = code
        self.name = name
        self.confidence = confidence
    }
}

/// How much of the analysed text is written in one language.
public struct LanguageShare: Sendable, Codable, Equatable {
    /// ISO 639-1 code, e.g. "en".
    public var code: String
    /// Fraction of the analysed (non-space) characters, 0...1.
    public var share: Double

    /// Makes a share.
    public init(code: String, share: Double) {
        self.code = code
        self.share = share
    }
}

/// The result of `LanguageIdentifier.identify(_:)`.
public struct LanguageGuess: Sendable, Codable, Equatable {
    /// Ranked, best first; empty when the language is undetermined.
    public var candidates: [LanguageCandidate]
    /// Ranked; the shares of chunks that could not be identified are missing,
    /// so they add up to less than 1 for partly garbled text.
    public var shares: [LanguageShare]
    /// Non-space characters that were analysed (long texts are sampled).
    public var analyzedCharacters: Int

    /// Makes a guess from already computed parts.
    public init(candidates: [LanguageCandidate], shares: [LanguageShare], analyzedCharacters: Int) {
        self.candidates = candidates
        self.shares = shares
        self.analyzedCharacters = analyzedCharacters
    }

    /// The most likely language, nil when undetermined.
    public var best: LanguageCandidate? { candidates.first }

    /// Whether no language could be named (too little text, garbled text, or an unsupported script).
    public var isUndetermined: Bool { candidates.isEmpty }

    static func undetermined(analyzedCharacters: Int) -> LanguageGuess {
        LanguageGuess(candidates: [], shares: [], analyzedCharacters: analyzedCharacters)
    }
}

/// Identifies the main language of a document's text, and the share of each
/// language in mixed text.
///
/// The script decides first (Greek, Hebrew, Devanagari, Hangul, Kana, Han);
/// languages sharing the Latin, Cyrillic or Arabic script are told apart by
/// word and character-trigram profiles built from wordfreq data
/// (compiled into `CLanguageProfiles`), scored naive-Bayes style. Text is scored in
/// paragraph-sized chunks; garbled text (replacement characters, private-use
/// glyphs, mostly non-letters, letter salad) yields an undetermined guess.
public final class LanguageIdentifier: Sendable {
    /// The identifier to use; creating more is cheap but pointless.
    public static let shared = LanguageIdentifier()

    /// The languages the identifier can name, as ISO 639-1 code and English name, in catalogue order.
    public static var supportedLanguages: [(code: String, name: String)] {
        LanguageCatalog.all.map { (code: $0.code, name: $0.name) }
    }

    private let model: LanguageModel

    /// Cheap: all instances share the profiles, compiled into the binary.
    public init() {
        model = LanguageModel.embedded
    }

    /// Identifies the language of `text` (sampling long texts); never throws, and returns an undetermined
    /// guess for text it cannot judge.
    public func identify(_ text: String) -> LanguageGuess {
        let scalars = Array(text.unicodeScalars)
        let chunks = TextChunker.sample(TextChunker.chunkRanges(of: scalars))
        let verdicts = chunks.map { analyze(chunk: scalars[$0]) }
        return Self.combine(verdicts)
    }

    // MARK: - Tuning

    /// Below this much evidence (letters, CJK characters counting double) a
    /// chunk is too short to judge.
    static let minimumEvidence = 30
    /// At most 1 in 20 non-space scalars may be broken (U+FFFD, private use).
    static let maximumInvalidFraction = 0.05
    /// At least half of the non-space scalars must be letters.
    static let minimumLetterFraction = 0.5
    /// Word costs add to trigram costs with this weight.
    static let wordWeight = 1.0
    /// Text whose trigrams cost this many bits more than the best language's
    /// usual text is letter salad (wrong font encoding, shuffled glyphs)...
    static let gibberishSurpriseBits = 2.5
    /// ...unless common words of that language vouch for it: a text made of
    /// nothing but listed words gets this many bits more allowance.
    static let allowanceBitsPerKnownWordFraction = 6.0
    /// Naive Bayes treats overlapping trigrams as independent and so is far
    /// too sure of itself; dividing the score gap by trigrams/this gives
    /// confidences that fall below 1 for the really close pairs.
    static let trigramsPerConfidenceBit = 8.0
    /// Japanese has kana in nearly every sentence; Chinese has none.
    static let japaneseKanaFraction = 0.05
    /// Share of chunks (by characters) that must be identifiable at all.
    static let minimumDeterminedFraction = 0.2

    // MARK: - One chunk

    struct ChunkVerdict {
        /// Non-space scalars of the chunk.
        var characters: Int
        /// Catalogue index and probability; nil when undetermined.
        var probabilities: [(language: Int, probability: Double)]?
    }

    /// Letter counts per script of one chunk.
    private struct ScriptTally {
        var latin = 0, cyrillic = 0, greek = 0, arabic = 0, hebrew = 0, devanagari = 0
        var han = 0, kana = 0, hangul = 0, other = 0

        mutating func count(_ script: LetterScript) {
            switch script {
            case .latin: latin += 1
            case .cyrillic: cyrillic += 1
            case .greek: greek += 1
            case .arabic: arabic += 1
            case .hebrew: hebrew += 1
            case .devanagari: devanagari += 1
            case .han: han += 1
            case .kana: kana += 1
            case .hangul: hangul += 1
            case .other: other += 1
            }
        }

        var letters: Int { latin + cyrillic + greek + arabic + hebrew + devanagari + han + kana + hangul + other }
        var cjk: Int { han + kana + hangul }

        /// The script group with the most evidence; nil for unsupported scripts.
        func dominantGroup() -> (group: LanguageScriptGroup?, evidence: Int) {
            let weighted: [(LanguageScriptGroup?, Int)] = [
                (.latin, latin), (.cyrillic, cyrillic), (.greek, greek), (.arabic, arabic),
                (.hebrew, hebrew), (.devanagari, devanagari), (.cjk, 2 * cjk), (nil, other),
            ]
            var best: (LanguageScriptGroup?, Int) = (nil, 0)
            for entry in weighted where entry.1 > best.1 { best = entry }
            return (best.0, letters - cjk + 2 * cjk)
        }
    }

    private func analyze(chunk slice: ArraySlice<Unicode.Scalar>) -> ChunkVerdict {
        let scalars = Self.normalized(slice)
        var tally = ScriptTally()
        var nonSpace = 0
        var invalid = 0
        // Lower-cased letters of all words, back to back; words index into it.
        var letters: [Unicode.Scalar] = []
        letters.reserveCapacity(scalars.count)
        var words: [ChunkWord] = []
        var wordStart: Int?
        var wordScript = LetterScript.other
        var wordUppercase = 0
        var wordHasLowercase = false
        var wordCodeLike = false

        func endWord(at position: Int) {
            if let start = wordStart, start < letters.count {
                let length = letters.count - start
                let codeLike = wordCodeLike || Self.isCodeLikeEnd(scalars, at: position)
                let shouting = length >= 2 && wordUppercase == length
                words.append(ChunkWord(range: start..<letters.count, script: wordScript,
                                       isCodeLike: codeLike, isShouting: shouting))
            }
            wordStart = nil
        }

        for position in scalars.indices {
            let scalar = scalars[position]
            let kind = ScriptClassifier.classify(scalar)
            if kind != .whitespace { nonSpace += 1 }
            switch kind {
            case .letter(let script):
                tally.count(script)
                if wordStart == nil || script != wordScript {
                    endWord(at: position)
                    wordStart = letters.count
                    wordScript = script
                    wordUppercase = 0
                    wordHasLowercase = false
                    wordCodeLike = Self.isCodeLikeStart(scalars, at: position)
                }
                let lower = ScriptClassifier.lowercased(scalar)
                if lower != scalar {
                    wordUppercase += 1
                    // An inner capital after small letters: camelCase, base64.
                    if wordHasLowercase { wordCodeLike = true }
                } else if scalar.value < 0x80 || scalar.properties.isLowercase {
                    wordHasLowercase = true
                }
                letters.append(lower)
            case .combiningMark:
                if wordStart != nil { letters.append(scalar) }
            case .ignorable:
                continue
            case .invalid:
                invalid += 1
                endWord(at: position)
            case .digit, .whitespace, .other:
                endWord(at: position)
            }
        }
        endWord(at: scalars.count)

        let undetermined = ChunkVerdict(characters: nonSpace, probabilities: nil)
        guard nonSpace > 0,
              Double(invalid) <= Self.maximumInvalidFraction * Double(nonSpace),
              Double(tally.letters) >= Self.minimumLetterFraction * Double(nonSpace) else {
            return undetermined
        }
        let (dominant, evidence) = tally.dominantGroup()
        guard let group = dominant, evidence >= Self.minimumEvidence else { return undetermined }

        let probabilities: [(language: Int, probability: Double)]?
        switch group {
        case .greek: probabilities = Self.certain("el")
        case .hebrew: probabilities = Self.certain("he")
        case .devanagari: probabilities = Self.certain("hi")
        case .cjk: probabilities = Self.cjkProbabilities(tally)
        case .latin: probabilities = score(words: words, letters: letters, script: .latin, group: group)
        case .cyrillic: probabilities = score(words: words, letters: letters, script: .cyrillic, group: group)
        case .arabic: probabilities = score(words: words, letters: letters, script: .arabic, group: group)
        }
        return ChunkVerdict(characters: nonSpace, probabilities: probabilities)
    }

    struct ChunkWord {
        var range: Range<Int>
        var script: LetterScript
        /// Identifiers, options, file names, camelCase: not prose.
        var isCodeLike: Bool
        /// ALL-CAPS words: acronyms and headings, weak evidence.
        var isShouting: Bool
    }

    /// Characters that glue letters into identifiers, paths, options, formulas.
    private static func isCodeGlue(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x5F, 0x2F, 0x3D, 0x40, 0x5C, 0x7B, 0x7D, 0x3C, 0x3E, 0x24, 0x23,
             0x25, 0x26, 0x2A, 0x2B, 0x7C, 0x7E, 0x5E, 0x5B, 0x5D:
            return true
        default:
            return false
        }
    }

    private static func letterCount(_ words: [ChunkWord]) -> Int {
        words.reduce(0) { $0 + $1.range.count }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch ScriptClassifier.classify(scalar) {
        case .letter, .digit: return true
        default: return false
        }
    }

    /// The word starting at `position` follows code: "x86_64", "--size", "systemd.unit".
    private static func isCodeLikeStart(_ scalars: [Unicode.Scalar], at position: Int) -> Bool {
        guard position > 0 else { return false }
        let previous = scalars[position - 1]
        if isCodeGlue(previous) { return true }
        guard position > 1, previous == "-" || previous == "." else { return false }
        let beforePrevious = scalars[position - 2]
        // "-l" or "--all" (an option) and "a.b" (a dotted name); "well-known" is prose.
        return previous == "-" ? !isLetterOrDigit(beforePrevious) : isLetterOrDigit(beforePrevious)
    }

    /// The word ending before `position` is glued to code: "kill(2)", "i386", "a.b".
    private static func isCodeLikeEnd(_ scalars: [Unicode.Scalar], at position: Int) -> Bool {
        guard position < scalars.count else { return false }
        let next = scalars[position]
        if isCodeGlue(next) || next == "(" { return true }
        if next == ".", position + 1 < scalars.count { return isLetterOrDigit(scalars[position + 1]) }
        return false
    }

    /// NFKC only when the chunk holds something it would change (decomposed
    /// accents, ﬁ-ligatures, Arabic presentation forms, full-width forms):
    /// normalising every chunk would cost more than the scoring itself.
    private static func normalized(_ slice: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        guard slice.contains(where: ScriptClassifier.needsCompatibilityNormalization) else {
            return Array(slice)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        return Array(String(view).precomposedStringWithCompatibilityMapping.unicodeScalars)
    }

    private static func certain(_ code: String) -> [(language: Int, probability: Double)]? {
        guard let index = LanguageCatalog.index(of: code) else { return nil }
        return [(index, 1.0)]
    }

    private static func cjkProbabilities(_ tally: ScriptTally) -> [(language: Int, probability: Double)]? {
        guard let chinese = LanguageCatalog.index(of: "zh"),
              let japanese = LanguageCatalog.index(of: "ja"),
              let korean = LanguageCatalog.index(of: "ko") else { return nil }
        let cjk = Double(tally.cjk)
        if Double(tally.hangul) >= 0.5 * cjk {
            return [(korean, 1.0)]
        }
        let kanaFraction = Double(tally.kana) / Double(max(1, tally.kana + tally.han))
        // Confidence fades near the threshold: a few kana in Chinese text are
        // usually quoted Japanese names, a little kana in Japanese is odd.
        let threshold = Self.japaneseKanaFraction
        let japaneseProbability = kanaFraction >= threshold
            ? min(1.0, 0.5 + 0.5 * (kanaFraction - threshold) / threshold)
            : max(0.0, 0.5 * kanaFraction / threshold)
        return [(japanese, japaneseProbability), (chinese, 1.0 - japaneseProbability)]
            .filter { $0.1 > 0 }
            .sorted { $0.1 > $1.1 }
    }

    /// Naive-Bayes-like scoring of the chunk's words of one script against the
    /// profiles of the languages written in it.
    private func score(
        words: [ChunkWord],
        letters: [Unicode.Scalar],
        script: LetterScript,
        group: LanguageScriptGroup
    ) -> [(language: Int, probability: Double)]? {
        guard let profiles = model.groups[group] else { return nil }
        let proseWords = words.filter { $0.script == script && !$0.isCodeLike && $0.range.count <= 40 }
        let plainWords = proseWords.filter { !$0.isShouting }
        // A heading or a text in capitals is judged on its capitals; a chunk of
        // identifiers and code is not judged at all.
        let scoredWords = Self.letterCount(plainWords) >= Self.minimumEvidence ? plainWords : proseWords
        guard Self.letterCount(scoredWords) >= Self.minimumEvidence else { return nil }
        let languageCount = profiles.languages.count
        var wordCosts = [Int32](repeating: 0, count: languageCount)
        var trigramCosts = [Int32](repeating: 0, count: languageCount)
        var trigramCount = 0
        var knownWords = [Int](repeating: 0, count: languageCount)
        let boundary = ProfileKeys.wordBoundary

        for word in scoredWords {
            let wordLetters = letters[word.range]
            let listedBy = profiles.words.accumulate(key: ProfileKeys.word(wordLetters), into: &wordCosts)
            for column in 0..<min(32, languageCount) where listedBy & (UInt32(1) << UInt32(column)) != 0 {
                knownWords[column] += 1
            }
            // Trigrams of the word padded with a boundary mark: "_ab_" gives "_ab", "ab_".
            var beforePrevious = boundary
            var previous = boundary
            var paddedSeen = 1
            for letter in wordLetters {
                if paddedSeen >= 2 {
                    profiles.trigrams.accumulate(
                        key: ProfileKeys.trigram(beforePrevious, previous, letter), into: &trigramCosts)
                    trigramCount += 1
                }
                beforePrevious = previous
                previous = letter
                paddedSeen += 1
            }
            profiles.trigrams.accumulate(
                key: ProfileKeys.trigram(beforePrevious, previous, boundary), into: &trigramCosts)
            trigramCount += 1
        }
        guard trigramCount > 0 else { return nil }

        let steps = LanguageModel.costStepsPerBit
        let totals = (0..<languageCount).map {
            (Double(trigramCosts[$0]) + Self.wordWeight * Double(wordCosts[$0])) / steps
        }
        guard let bestColumn = totals.indices.min(by: { totals[$0] < totals[$1] }) else { return nil }

        let bitsPerTrigram = Double(trigramCosts[bestColumn]) / steps / Double(trigramCount)
        let knownWordFraction = Double(knownWords[bestColumn]) / Double(max(1, scoredWords.count))
        // Letter salad costs more per trigram than real text of its best
        // language; common words of that language excuse unusual trigrams
        // (names, terms), so they raise the allowance.
        let surprise = bitsPerTrigram - profiles.trigramEntropy[bestColumn]
        if surprise - Self.allowanceBitsPerKnownWordFraction * knownWordFraction > Self.gibberishSurpriseBits {
            return nil
        }

        let temperature = max(2.0, Double(trigramCount) / Self.trigramsPerConfidenceBit)
        let weights = totals.map { exp2(-($0 - totals[bestColumn]) / temperature) }
        let sum = weights.reduce(0, +)
        return weights.indices
            .map { (language: profiles.languages[$0], probability: weights[$0] / sum) }
            .filter { $0.probability >= 0.001 }
            .sorted { $0.probability > $1.probability }
    }

    // MARK: - Whole text

    private static func combine(_ verdicts: [ChunkVerdict]) -> LanguageGuess {
        let languageCount = LanguageCatalog.all.count
        var analysed = 0
        var determined = 0
        var probabilityMass = [Double](repeating: 0, count: languageCount)
        var winningCharacters = [Int](repeating: 0, count: languageCount)

        for verdict in verdicts {
            analysed += verdict.characters
            guard let probabilities = verdict.probabilities, let winner = probabilities.first else { continue }
            determined += verdict.characters
            winningCharacters[winner.language] += verdict.characters
            for entry in probabilities {
                probabilityMass[entry.language] += entry.probability * Double(verdict.characters)
            }
        }
        guard determined > 0,
              Double(determined) >= minimumDeterminedFraction * Double(analysed) else {
            return .undetermined(analyzedCharacters: analysed)
        }

        let candidates = probabilityMass.indices
            .map { index in
                LanguageCandidate(
                    code: LanguageCatalog.all[index].code,
                    name: LanguageCatalog.all[index].name,
                    confidence: probabilityMass[index] / Double(determined))
            }
            .filter { $0.confidence >= 0.005 }
            .sorted { $0.confidence > $1.confidence }
        let shares = winningCharacters.indices
            .filter { winningCharacters[$0] > 0 }
            .map { LanguageShare(code: LanguageCatalog.all[$0].code, share: Double(winningCharacters[$0]) / Double(analysed)) }
            .sorted { $0.share > $1.share }
        return LanguageGuess(candidates: candidates, shares: shares, analyzedCharacters: analysed)
    }
}
