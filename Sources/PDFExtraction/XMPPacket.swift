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
        let text = String(packet.prefix(maxLength)) as NSString
        var entries: [XMPEntry] = []
        for property in properties {
            let name = NSRegularExpression.escapedPattern(for: property)
            var values: [String] = []
            // Element form: the property's content, with the rdf:li items when it holds a container.
            // Searched by hand, so that an unclosed element ends the search instead of rescanning.
            var cursor = 0
            while cursor < text.length, values.count < maxValuesPerProperty {
                let open = text.range(of: "<" + property, range: NSRange(location: cursor, length: text.length - cursor))
                guard open.location != NSNotFound else { break }
                let afterName = open.location + open.length
                guard afterName < text.length else { break }
                let next = text.substring(with: NSRange(location: afterName, length: 1))
                guard next == ">" || next == " " || next == "\n" || next == "\t" || next == "\r" || next == "/" else {
                    cursor = afterName
                    continue
                }
                let tagEnd = text.range(of: ">", range: NSRange(location: afterName, length: text.length - afterName))
                guard tagEnd.location != NSNotFound else { break }
                // <dc:title/> is empty; its attributes are read below.
                if text.substring(with: NSRange(location: tagEnd.location - 1, length: 1)) == "/" {
                    cursor = tagEnd.location + 1
                    continue
                }
                let start = tagEnd.location + 1
                let close = text.range(of: "</" + property, range: NSRange(location: start, length: text.length - start))
                guard close.location != NSNotFound else { break }
                values += items(in: text.substring(with: NSRange(location: start, length: close.location - start)))
                cursor = close.location + close.length
            }
            // Attribute form on any element.
            if let attribute = try? NSRegularExpression(pattern: "\\s\(name)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')") {
                for match in attribute.matches(in: text as String, range: NSRange(location: 0, length: text.length)) {
                    let range = match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range(at: 2)
                    values.append(decodeEntities(text.substring(with: range)))
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

    /// The `rdf:li` items of a container, or the element's text when it has none.
    private static func items(in inner: String) -> [String] {
        let nsInner = inner as NSString
        guard let li = try? NSRegularExpression(pattern: "<rdf:li(?:\\s[^>]*)?>(.*?)</rdf:li\\s*>", options: [.dotMatchesLineSeparators]) else { return [] }
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
