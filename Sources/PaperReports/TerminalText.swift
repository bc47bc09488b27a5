/// Text from a PDF or its path, made safe to print on a terminal.
///
/// A PDF's text, metadata and font names, and a file's name, can hold escape sequences that move
/// the cursor, recolour or retitle the terminal, or clear it, and bidi overrides that make a line
/// read differently from its bytes. `escaped` shows each of them as a visible escape instead:
/// C0 controls, DEL and C1 controls as `\xNN` (`\x1B`, `\x7F`, `\x9B`), the bidi overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069) as `\u{202E}`. Everything else is left as it is.
public enum TerminalText {
    /// `text` with every control character and bidi override shown escaped.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += scalar.value <= 0xFF ? "\\x" + hex(scalar.value, digits: 2) : "\\u{" + hex(scalar.value, digits: 4) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `scalar` is a C0 control, DEL, a C1 control, or a bidi override or isolate.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
