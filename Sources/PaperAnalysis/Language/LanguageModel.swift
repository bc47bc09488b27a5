import Foundation

/// Costs of words or trigrams for all languages of one script group, stored
/// as one row per key so a look-up costs one hash probe whatever the number
/// of languages. Costs are quarter bits (-4·log2 P).
struct CostTable: Sendable {
    let languageCount: Int
    private(set) var rowOfKey: [UInt64: Int32] = [:]
    /// Row-major: `languageCount` costs per row.
    private(set) var costs: [UInt16] = []
    /// Cost of a key a language's profile does not list.
    private(set) var missCosts: [UInt16]
    /// Per row, bit `l` set when language column `l` lists the key (up to 32 columns).
    private(set) var listedBy: [UInt32] = []

    private static let unset = UInt16.max

    init(languageCount: Int, expectedKeys: Int = 0) {
        self.languageCount = languageCount
        self.missCosts = Array(repeating: 0, count: languageCount)
        rowOfKey.reserveCapacity(expectedKeys)
        costs.reserveCapacity(expectedKeys * languageCount)
        listedBy.reserveCapacity(expectedKeys)
    }

    mutating func set(cost: UInt16, key: UInt64, language: Int) {
        let row: Int
        if let existing = rowOfKey[key] {
            row = Int(existing)
        } else {
            row = costs.count / languageCount
            rowOfKey[key] = Int32(row)
            costs.append(contentsOf: repeatElement(Self.unset, count: languageCount))
            listedBy.append(0)
        }
        costs[row * languageCount + language] = cost
        if language < 32 { listedBy[row] |= UInt32(1) << UInt32(language) }
    }

    mutating func setMissCost(_ cost: UInt16, language: Int) {
        missCosts[language] = cost
    }

    /// Fills the cells a language left empty with that language's miss cost.
    mutating func finish() {
        for index in costs.indices where costs[index] == Self.unset {
            costs[index] = missCosts[index % languageCount]
        }
    }

    /// Adds the costs of `key` (or the miss costs) to `totals`; returns the
    /// columns that list the key.
    @inline(__always) @discardableResult
    func accumulate(key: UInt64, into totals: inout [Int32]) -> UInt32 {
        if let row = rowOfKey[key] {
            let base = Int(row) * languageCount
            costs.withUnsafeBufferPointer { buffer in
                for language in 0..<languageCount {
                    totals[language] &+= Int32(buffer[base + language])
                }
            }
            return listedBy[Int(row)]
        }
        for language in 0..<languageCount {
            totals[language] &+= Int32(missCosts[language])
        }
        return 0
    }
}

/// The statistical profiles of the languages that share a script.
struct ScriptGroupModel: Sendable {
    /// Catalogue indices of the languages, in table column order.
    let languages: [Int]
    var words: CostTable
    var trigrams: CostTable
    /// Expected trigram cost (bits) of ordinary text in each language; text
    /// far above it is not language at all.
    var trigramEntropy: [Double]

    init(languages: [Int]) {
        self.languages = languages
        // Profiles overlap a lot; these are generous upper bounds of distinct keys.
        self.words = CostTable(languageCount: languages.count, expectedKeys: 500 * languages.count)
        self.trigrams = CostTable(languageCount: languages.count, expectedKeys: 1200 * languages.count)
        self.trigramEntropy = Array(repeating: 0, count: languages.count)
    }
}

/// Key helpers shared by the parser and the scorer, so both hash alike.
enum ProfileKeys {
    /// Marks the start and end of a word inside trigrams.
    static let wordBoundary = Unicode.Scalar(UInt8(ascii: "_"))

    @inline(__always)
    static func trigram(_ first: Unicode.Scalar, _ second: Unicode.Scalar, _ third: Unicode.Scalar) -> UInt64 {
        (UInt64(first.value) << 42) | (UInt64(second.value) << 21) | UInt64(third.value)
    }

    /// FNV-1a over the scalar values; 64 bits make collisions between the
    /// few thousand listed words negligible.
    static let wordHashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func wordHash(_ hash: UInt64, adding scalarValue: UInt32) -> UInt64 {
        (hash ^ UInt64(scalarValue)) &* 0x0000_0100_0000_01B3
    }

    @inline(__always)
    static func word<C: Collection>(_ scalars: C) -> UInt64 where C.Element == Unicode.Scalar {
        scalars.reduce(wordHashSeed) { wordHash($0, adding: $1.value) }
    }
}

/// All profiles, parsed once from `LanguageProfileData.text`.
///
/// Format (one record per line, see Scripts/language/build_profiles.py):
///   `L <code> <word-miss-bits> <trigram-miss-bits> <trigram-entropy-bits>`
///   `W <word><cost> ...`   listed words of the last `L` language
///   `T <trigram><cost> ...` listed trigrams ('_' marks a word boundary)
/// `<cost>` is one printable ASCII character: its rank in `costAlphabet` is
/// the cost in quarter bits.
struct LanguageModel: Sendable {
    var groups: [LanguageScriptGroup: ScriptGroupModel] = [:]

    static let embedded = LanguageModel(parsing: LanguageProfileData.text)

    static let costStepsPerBit = 4.0

    /// Printable ASCII without space, '"', '#' and '\' (the data sits in a raw string).
    private static let costOfCharacter: [UInt16?] = {
        var table = [UInt16?](repeating: nil, count: 128)
        var rank: UInt16 = 0
        for byte in 0x21...0x7E where byte != 0x22 && byte != 0x23 && byte != 0x5C {
            table[byte] = rank
            rank += 1
        }
        return table
    }()

    /// Parses the profile text byte by byte: it is large, and decoding it
    /// through `String` APIs cost a hundred milliseconds at start-up.
    init(parsing text: String) {
        let groupOrder: [LanguageScriptGroup] = [.latin, .cyrillic, .arabic]
        var models = groupOrder.map { group in
            ScriptGroupModel(languages: LanguageCatalog.all.indices.filter { LanguageCatalog.all[$0].group == group })
        }
        var utf8 = text
        utf8.withUTF8 { bytes in
            var current: (model: Int, column: Int)?
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                guard lineEnd - lineStart > 2 else { continue }
                let fieldsStart = lineStart + 2
                switch bytes[lineStart] {
                case UInt8(ascii: "L"):
                    let fields = String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldsStart..<lineEnd]), as: UTF8.self)
                        .split(separator: " ")
                    current = Self.readLanguageHeader(fields, groupOrder: groupOrder, models: &models)
                case UInt8(ascii: "W"), UInt8(ascii: "T"):
                    guard let (model, column) = current else { continue }
                    let isTrigram = bytes[lineStart] == UInt8(ascii: "T")
                    Self.readEntries(bytes, from: fieldsStart, to: lineEnd, trigrams: isTrigram) { key, cost in
                        if isTrigram {
                            models[model].trigrams.set(cost: cost, key: key, language: column)
                        } else {
                            models[model].words.set(cost: cost, key: key, language: column)
                        }
                    }
                default:
                    continue
                }
            }
        }
        for index in models.indices {
            models[index].words.finish()
            models[index].trigrams.finish()
            groups[groupOrder[index]] = models[index]
        }
    }

    /// Reads an `L` record: sets the language's miss costs and entropy and
    /// returns where its following `W`/`T` records go.
    private static func readLanguageHeader(
        _ fields: [Substring], groupOrder: [LanguageScriptGroup], models: inout [ScriptGroupModel]
    ) -> (Int, Int)? {
        guard fields.count >= 4,
              let index = LanguageCatalog.index(of: String(fields[0])),
              let wordMiss = Double(fields[1]), let trigramMiss = Double(fields[2]),
              let entropy = Double(fields[3]),
              let model = groupOrder.firstIndex(of: LanguageCatalog.all[index].group),
              let column = models[model].languages.firstIndex(of: index) else { return nil }
        models[model].words.setMissCost(steps(bits: wordMiss), language: column)
        models[model].trigrams.setMissCost(steps(bits: trigramMiss), language: column)
        models[model].trigramEntropy[column] = entropy
        return (model, column)
    }

    /// Bits to cost steps, clamped so that odd data cannot trap.
    private static func steps(bits: Double) -> UInt16 {
        guard bits.isFinite else { return UInt16.max / 2 }
        return UInt16(clamping: Int((max(0, min(bits, 1000)) * costStepsPerBit).rounded()))
    }

    /// Walks the space-separated `<letters><cost>` entries of one line and
    /// hands each key (packed trigram or word hash) with its cost to `store`.
    private static func readEntries(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, trigrams: Bool,
        store: (UInt64, UInt16) -> Void
    ) {
        var position = start
        while position < end {
            var tokenEnd = position
            while tokenEnd < end && bytes[tokenEnd] != 0x20 { tokenEnd += 1 }
            defer { position = tokenEnd + 1 }
            guard tokenEnd - position >= 2 else { continue }
            let costByte = bytes[tokenEnd - 1]
            guard costByte < 128, let cost = costOfCharacter[Int(costByte)] else { continue }
            var hash = ProfileKeys.wordHashSeed
            var packed: UInt64 = 0
            var count = 0
            var cursor = position
            while cursor < tokenEnd - 1, let (value, length) = decodeUTF8(bytes, at: cursor, end: tokenEnd - 1) {
                hash = ProfileKeys.wordHash(hash, adding: value)
                packed = (packed << 21) | UInt64(value)
                count += 1
                cursor += length
            }
            guard cursor == tokenEnd - 1 else { continue }  // malformed UTF-8
            if trigrams {
                if count == 3 { store(packed, cost) }
            } else {
                store(hash, cost)
            }
        }
    }

    /// Decodes one scalar of well-formed UTF-8; nil when the bytes are not.
    @inline(__always)
    private static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (UInt32, Int)? {
        let lead = UInt32(bytes[index])
        let length: Int
        var value: UInt32
        switch lead {
        case 0x00..<0x80: return (lead, 1)
        case 0xC0..<0xE0: length = 2; value = lead & 0x1F
        case 0xE0..<0xF0: length = 3; value = lead & 0x0F
        case 0xF0..<0xF8: length = 4; value = lead & 0x07
        default: return nil
        }
        guard index + length <= end else { return nil }
        for offset in 1..<length {
            let continuation = UInt32(bytes[index + offset])
            guard continuation & 0xC0 == 0x80 else { return nil }
            value = (value << 6) | (continuation & 0x3F)
        }
        return (value, length)
    }
}
