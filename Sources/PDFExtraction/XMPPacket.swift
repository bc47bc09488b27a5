import Foundation
import PaperFacts

/// A small, bounded reader of an XMP packet: the properties that name people or tools, in both the
/// element form (`<dc:creator><rdf:Seq><rdf:li>Ada</rdf:li>...`) and the attribute form
/// (`<rdf:Description pdf:Producer="...">`). Not an XML parser: it looks for the known names only.
enum XMPPacket {
    /// The properties read, authors first.
    static let properties = ["dc:creator", "pdf:Author", "dc:contributor", "dc:publisher", "xmpRights:Owner",
                             "photoshop:AuthorsPosition", "photoshop:CaptionWriter", "prism:byline",
                             "xmp:CreatorTool", "pdf:Producer", "dc:title", "dc:description", "pdf:Keywords", "dc:subject"]
    /// Packets are read up to this many characters; real ones are a few kilobytes.
    static let maxLength = 1 << 20
    /// At most this many values per property.
    static let maxValuesPerProperty = 50

    static func entries(of packet: String) -> [XMPEntry] {
        let string = String(packet.prefix(maxLength))
        // Searched as UTF-8 bytes: every delimiter looked for is ASCII.
        let text = Array(string.utf8)
        var entries: [XMPEntry] = []
        for (property, attribute) in zip(properties, attributePatterns) {
            let nameLength = property.utf8.count
            var values: [String] = []
            // Element form: the property's content, with the rdf:li items when it holds a container.
            // Searched by hand, so that an unclosed element ends the search instead of rescanning.
            var cursor = 0
            while cursor < text.count, values.count < maxValuesPerProperty {
                guard let open = find("<" + property, in: text, from: cursor) else { break }
                let afterName = open + 1 + nameLength
                guard afterName < text.count else { break }
                guard [UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"),
                       UInt8(ascii: "/")].contains(text[afterName]) else {
                    cursor = afterName
                    continue
                }
                guard let tagEnd = find(">", in: text, from: afterName) else { break }
                // <dc:title/> is empty; its attributes are read below.
                if text[tagEnd - 1] == UInt8(ascii: "/") {
                    cursor = tagEnd + 1
                    continue
                }
                let start = tagEnd + 1
                guard let close = find("</" + property, in: text, from: start) else { break }
                values += items(in: String(decoding: text[start..<close], as: UTF8.self))
                cursor = close + 2 + nameLength
            }
            // Attribute form on any element: white space comes before the name, so a packet that
            // holds the name only after "<" or "</" has none, and is not searched.
            if let attribute, mayHoldAttribute(property, in: text) {
                let nsText = string as NSString
                for match in attribute.matches(in: string, range: NSRange(location: 0, length: nsText.length)) {
                    let range = match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range(at: 2)
                    values.append(decodeEntities(nsText.substring(with: range)))
                }
            }
            var seen = Set<String>()
            for value in values.prefix(maxValuesPerProperty) {
                let cleaned = ObjectReader.clean(value)
                guard !cleaned.isEmpty, seen.insert(cleaned).inserted else { continue }
                entries.append(XMPEntry(property: property, value: cleaned))
            }
        }
        return entries
    }

    /// The attribute form of each of `properties`, compiled once.
    private static let attributePatterns: [NSRegularExpression?] = properties.map { property in
        let name = NSRegularExpression.escapedPattern(for: property)
        return try? NSRegularExpression(pattern: "\\s\(name)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')")
    }

    /// An `rdf:li` item and its content.
    private static let listItem = try? NSRegularExpression(pattern: "<rdf:li(?:\\s[^>]*)?>(.*?)</rdf:li\\s*>",
                                                           options: [.dotMatchesLineSeparators])

    /// Where `needle` first starts in `bytes` at or after `start` (`ScanLexer.find`).
    private static func find(_ needle: String, in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { ScanLexer.find($0, needle, from: start) }
    }

    /// Whether `name` occurs after a byte that is neither "<" nor "/": the one place its attribute form can be.
    private static func mayHoldAttribute(_ name: String, in bytes: [UInt8]) -> Bool {
        var cursor = 1
        while let found = find(name, in: bytes, from: cursor) {
            if bytes[found - 1] != UInt8(ascii: "<") && bytes[found - 1] != UInt8(ascii: "/") { return true }
            cursor = found + 1
        }
        return false
    }

    /// The `rdf:li` items of a container, or the element's text when it has none.
    private static func items(in inner: String) -> [String] {
        let nsInner = inner as NSString
        guard let li = listItem else { return [] }
        let matches = li.matches(in: inner, range: NSRange(location: 0, length: nsInner.length))
        if matches.isEmpty { return [decodeEntities(stripTags(inner))] }
        return matches.map { decodeEntities(stripTags(nsInner.substring(with: $0.range(at: 1)))) }
    }

    private static func stripTags(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
    }

    /// The five named entities and numeric character references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: after.startIndex)..<semicolon]
            var decoded: String?
            switch entity {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if entity.hasPrefix("#") {
                    decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                }
            }
            if let decoded {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        return result + rest
    }
}
