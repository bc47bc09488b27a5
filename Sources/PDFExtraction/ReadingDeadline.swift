import Foundation

/// The wall-clock limits of the readers that work on the file's bytes (the lexical scan, the page
/// image proof, the font scan from the object index, the restated streams). They are safety nets
/// against hostile files, never what a file's result should depend on: on any machine a real run
/// of a real paper finishes far inside them. Under an instruction counter (valgrind's callgrind,
/// some fifty times slower) they would run out on the larger papers and send the run down the
/// slower paths a real run never takes, so `make bench-instructions` stretches them with
/// `PAPERCHECK_DEADLINE_SCALE` (a factor from 1 to 100, read once; anything else counts as 1).
enum ReadingDeadline {
    static let scale = factor(getenv("PAPERCHECK_DEADLINE_SCALE").map { String(cString: $0) })

    /// The factor `text` names, bounded to 1...100; 1 for none or for what is not a number.
    static func factor(_ text: String?) -> Double {
        guard let text, let value = Double(text), value.isFinite else { return 1 }
        return min(max(value, 1), 100)
    }

    /// The moment `seconds` (stretched by `scale`) from now.
    static func after(_ seconds: TimeInterval) -> Date {
        Date().addingTimeInterval(seconds * scale)
    }
}
