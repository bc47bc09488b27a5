/// Typed access to a JSON document that is being validated, failing with the JSON path of the bad
/// value: shared by the rules file and the waivers file, each with its own error type.
struct JSONReader<Failure: Error> {
    /// Makes the error for a path and a message.
    let fail: (_ path: String, _ message: String) -> Failure

    func object(_ value: JSONValue?, at path: String) throws(Failure) -> [String: JSONValue] {
        guard let value else { throw fail(path, "required key is missing") }
        guard let object = value.objectValue else { throw fail(path, "expected an object, found \(value.typeName)") }
        return object
    }

    func array(_ value: JSONValue?, at path: String) throws(Failure) -> [JSONValue] {
        guard let value else { throw fail(path, "required key is missing") }
        guard let array = value.arrayValue else { throw fail(path, "expected an array, found \(value.typeName)") }
        return array
    }

    func string(_ value: JSONValue?, at path: String) throws(Failure) -> String {
        guard let value else { throw fail(path, "required key is missing") }
        guard let string = value.stringValue else { throw fail(path, "expected a string, found \(value.typeName)") }
        return string
    }

    func number(_ value: JSONValue?, at path: String) throws(Failure) -> Double {
        guard let value else { throw fail(path, "required key is missing") }
        guard case let .number(number) = value else { throw fail(path, "expected a number, found \(value.typeName)") }
        return number
    }

    /// A whole number: `1.7` is refused with "expected an integer, found 1.7".
    func integer(_ value: JSONValue?, at path: String) throws(Failure) -> Int {
        guard let value else { throw fail(path, "required key is missing") }
        guard case let .number(number) = value else { throw fail(path, "expected an integer, found \(value.typeName)") }
        guard number == number.rounded() else { throw fail(path, "expected an integer, found \(number)") }
        guard abs(number) < 1e15 else { throw fail(path, "\(number) is out of range") }
        return Int(number)
    }

    /// Rejects keys outside `known`, naming the first unknown one, the allowed ones and the closest
    /// of them when the key looks like a typo of it (`tolerence`: did you mean `tolerance`?).
    func rejectUnknownKeys(_ body: [String: JSONValue], known: Set<String>, at path: String) throws(Failure) {
        guard let unknown = body.keys.sorted().first(where: { !known.contains($0) }) else { return }
        let keyPath = path.isEmpty ? unknown : path + "." + unknown
        throw fail(keyPath, Self.unknown("key", unknown, expected: known.sorted()))
    }

    /// `unknown key 'tolerence' (did you mean 'tolerance'? expected one of: a, b, c)`.
    static func unknown(_ what: String, _ value: String, expected: [String]) -> String {
        let allowed = expected.isEmpty ? "none is allowed here" : "expected one of: " + expected.joined(separator: ", ")
        guard let suggestion = Suggestion.closest(to: value, among: expected) else {
            return "unknown \(what) '\(value)' (\(allowed))"
        }
        return "unknown \(what) '\(value)' (did you mean '\(suggestion)'? \(allowed))"
    }
}

/// The closest known word to a misspelt one, for "did you mean" in error messages.
enum Suggestion {
    /// The candidate with the fewest edits from `word` (case ignored), when it is close enough to be
    /// a typo: at most a third of the word's letters, and at least one.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previousRow: [Int] = []
        var row = Array(0...b.count)
        for i in 1...a.count {
            let beforeRow = previousRow
            previousRow = row
            row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], beforeRow[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}
