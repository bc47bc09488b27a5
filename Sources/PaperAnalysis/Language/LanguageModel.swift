internal import CLanguageProfiles
import Foundation

/// Costs of words or trigrams for all languages of one script group, one row per key, so a
/// look-up costs one search whatever the number of languages. Costs are quarter bits
/// (-4·log2 P). The table is compiled into the binary (`Scripts/language/build_tables.py`) and
/// read in place: a process parsed the profile text for about 83 million instructions before.
struct CostTable: @unchecked Sendable {
    let languageCount: Int
    private let table: pc_cost_table

    init(_ table: pc_cost_table, languageCount: Int) {
        self.table = table
        self.languageCount = languageCount
    }

    /// The row of `key`, by binary search over the ascending keys.
    @inline(__always)
    private func row(of key: UInt64) -> Int? {
        var low = 0, high = Int(table.key_count)
        while low < high {
            let middle = (low + high) / 2
            let probe = table.keys[middle]
            if probe == key { return middle }
            if probe < key { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Adds the costs of `key` (or the miss costs) to `totals`; returns the
    /// columns that list the key.
    @inline(__always) @discardableResult
    func accumulate(key: UInt64, into totals: inout [Int32]) -> UInt32 {
        if let row = row(of: key) {
            // Only the listed columns' costs are stored (`Scripts/language/build_tables.py`):
            // the row's start is the last kept start plus the listed bits of the rows since.
            var offset = Int(table.cost_starts[row >> 4])
            for earlier in (row & ~15)..<row { offset += table.listed_by[earlier].nonzeroBitCount }
            let listed = table.listed_by[row], base = Int32(table.cost_base)
            for language in 0..<languageCount {
                if listed & (1 << UInt32(language)) != 0 {
                    totals[language] &+= Int32(table.costs[offset]) - base
                    offset += 1
                } else {
                    totals[language] &+= Int32(table.miss_costs[language])
                }
            }
            return listed
        }
        for language in 0..<languageCount {
            totals[language] &+= Int32(table.miss_costs[language])
        }
        return 0
    }
}

/// The statistical profiles of the languages that share a script.
struct ScriptGroupModel: Sendable {
    /// Catalogue indices of the languages, in table column order.
    let languages: [Int]
    let words: CostTable
    let trigrams: CostTable
    /// Expected trigram cost (bits) of ordinary text in each language; text
    /// far above it is not language at all.
    let trigramEntropy: [Double]

    /// The group's compiled tables; nil when a column names a language the catalogue lacks.
    init?(_ group: pc_script_group) {
        let codes = String(cString: group.codes).split(separator: " ").map(String.init)
        let languages = codes.compactMap(LanguageCatalog.index(of:))
        guard languages.count == codes.count, codes.count == Int(group.language_count) else { return nil }
        self.languages = languages
        words = CostTable(group.words, languageCount: languages.count)
        trigrams = CostTable(group.trigrams, languageCount: languages.count)
        trigramEntropy = (0..<languages.count).map { group.trigram_entropy[$0] }
    }
}

/// Key helpers of the scorer; Scripts/language/build_tables.py computes the tables' keys alike.
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

/// All profiles: the compiled tables of the script groups that have statistical profiles.
/// Their source is `Scripts/language/profiles.txt` (format in `Scripts/language/build_profiles.py`).
struct LanguageModel: Sendable {
    var groups: [LanguageScriptGroup: ScriptGroupModel] = [:]

    static let embedded = LanguageModel()

    static let costStepsPerBit = 4.0

    init() {
        for (group, tables) in [(LanguageScriptGroup.latin, pc_latin_profiles), (.cyrillic, pc_cyrillic_profiles),
                                (.arabic, pc_arabic_profiles)] {
            groups[group] = ScriptGroupModel(tables)
        }
    }
}
