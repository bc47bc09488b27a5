import Foundation
import PaperFacts

/// The real authors of one submission, as the submission system exported them (`--authors FILE.csv`).
public struct KnownAuthors: Codable, Sendable, Equatable {
    /// Where they came from: `authors.csv row 4 (paper 17)`; nil when no row matched the file.
    public var row: String?
    /// The authors' names as written in the export ("Nir Ben Zrihem", or "Ben Zrihem, Nir").
    public var names: [String]
    /// Their e-mail addresses.
    public var emails: [String]
    /// The authors file, for messages.
    public var file: String

    /// Makes a known author list.
    public init(row: String?, names: [String], emails: [String], file: String) {
        self.row = row
        self.names = names
        self.emails = emails
        self.file = file
    }

    /// A file that no row of the authors file names: it is checked without names.
    public static func unmatched(file: String) -> KnownAuthors {
        KnownAuthors(row: nil, names: [], emails: [], file: file)
    }
}

/// Finds the authors' names and e-mail addresses in text: case, diacritics, initials
/// ("N. Ben Zrihem", "Ben Zrihem, N."), line breaks and hyphenation do not matter; a surname
/// alone never matches (it is too common, and it is how papers cite other people's work).
public struct AuthorMatcher: Sendable {
    /// One text to search and where it is.
    public struct Source: Sendable {
        /// Where, for messages: `page 3`, `the PDF's Author field`.
        public var place: String
        /// The page, when the source is page text.
        public var page: Int?
        /// The text.
        public var text: String
        /// Boxes of ranges of `text` (page text); none for other sources.
        public var boxes: [(Range<String.Index>, Box)]

        /// Makes a source.
        public init(place: String, page: Int? = nil, text: String, boxes: [(Range<String.Index>, Box)] = []) {
            self.place = place
            self.page = page
            self.text = text
            self.boxes = boxes
        }
    }

    /// One name or address found.
    public struct Match: Sendable {
        /// The author's name or e-mail address as the export gives it.
        public var author: String
        /// Whether it is an e-mail address.
        public var isEmail: Bool
        /// The text as the source has it.
        public var text: String
        /// The source's place, page and box.
        public var place: String
        /// The page, when the source is page text.
        public var page: Int?
        /// The box of the lines the match spans.
        public var box: Box?
    }

    /// A name as token sequences that name the person: full name, initials with the surname,
    /// "surname, given" and "surname, initial".
    struct NameForms: Sendable {
        var author: String
        var forms: [[String]]
    }

    let names: [NameForms]
    let emails: [String]

    /// Particles that begin a surname ("van Gogh", "Ben Zrihem").
    static let particles: Set<String> = ["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das",
                                         "le", "la", "al", "el", "ter", "ten", "zu", "af", "ben", "bin", "ibn", "bar", "mac"]

    /// A matcher for the names and e-mail addresses of `authors`.
    public init(_ authors: KnownAuthors) {
        names = authors.names.compactMap(Self.forms)
        emails = authors.emails.map { Self.fold($0).filter { !$0.isWhitespace } }.filter { $0.contains("@") }
    }

    /// Lower case without diacritics: "Zrihém" and "ZRIHEM" read alike.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "ø", with: "o")
            .replacingOccurrences(of: "ł", with: "l").replacingOccurrences(of: "æ", with: "ae")
    }

    /// The words of a name, folded.
    static func tokens(_ text: String) -> [String] {
        fold(text).split { !$0.isLetter }.map(String.init)
    }

    static func forms(_ name: String) -> NameForms? {
        let given: [String]
        let surname: [String]
        if let comma = name.firstIndex(of: ",") {
            surname = tokens(String(name[..<comma]))
            given = tokens(String(name[name.index(after: comma)...]))
        } else {
            let words = tokens(name)
            guard words.count >= 2 else { return nil }
            // The surname starts at its first particle after the given name, else it is the last word.
            let start = words.indices.dropFirst().first { particles.contains(words[$0]) } ?? words.count - 1
            given = Array(words[..<start])
            surname = Array(words[start...])
        }
        guard let first = given.first, !surname.isEmpty else { return nil }
        let initial = String(first.prefix(1))
        var forms = [given + surname, [first] + surname, [initial] + surname, surname + [first], surname + [initial]]
        if given.count > 1 { forms.append(given.map { String($0.prefix(1)) } + surname) }
        var seen = Set<[String]>()
        return NameForms(author: name, forms: forms.filter { $0.count >= 2 && seen.insert($0).inserted })
    }

    /// Every name and e-mail address of the authors in `sources`.
    public func matches(in sources: [Source]) -> [Match] {
        sources.flatMap(matches(in:))
    }

    func matches(in source: Source) -> [Match] {
        var found: [Match] = []
        // Words with their ranges in the source text.
        var words: [(token: String, range: Range<String.Index>)] = []
        var index = source.text.startIndex
        while index < source.text.endIndex {
            guard source.text[index].isLetter else { index = source.text.index(after: index); continue }
            var end = index
            while end < source.text.endIndex, source.text[end].isLetter { end = source.text.index(after: end) }
            words.append((Self.fold(String(source.text[index..<end])), index..<end))
            index = end
        }
        for name in names {
            var reported = false
            for start in words.indices where !reported {
                for form in name.forms where start + form.count <= words.count {
                    guard words[start..<(start + form.count)].map(\.token) == form else { continue }
                    // An initial is a capital letter: "a Smith normal form" does not name Adam Smith.
                    guard words[start..<(start + form.count)].allSatisfy({ word in
                        word.token.count > 1 || source.text[word.range].first?.isUppercase == true
                    }) else { continue }
                    let range = words[start].range.lowerBound..<words[start + form.count - 1].range.upperBound
                    // "(Ben Zrihem, N., 2015)" and "N. Ben Zrihem et al. (2015)" cite the work in the third person.
                    guard !Self.isCitation(after: range, in: source.text) else { continue }
                    found.append(match(name.author, isEmail: false, range, in: source))
                    reported = true
                    break
                }
            }
        }
        // E-mail addresses, with any white space (a line break inside one) taken out.
        var squeezed = ""
        var positions: [String.Index] = []
        for position in source.text.indices where !source.text[position].isWhitespace {
            for character in Self.fold(String(source.text[position])) {
                squeezed.append(character)
                positions.append(position)
            }
        }
        for email in emails {
            if let range = squeezed.range(of: email) ?? grouped(email, in: squeezed) {
                let lower = positions[squeezed.distance(from: squeezed.startIndex, to: range.lowerBound)]
                let upper = positions[squeezed.distance(from: squeezed.startIndex, to: range.upperBound) - 1]
                found.append(match(email, isEmail: true, lower..<source.text.index(after: upper), in: source))
            }
        }
        return found
    }

    /// "{nir,bob}@gmail.com": the domain with the local part among the braces before it.
    func grouped(_ email: String, in text: String) -> Range<String.Index>? {
        guard let at = email.firstIndex(of: "@") else { return nil }
        let local = String(email[..<at])
        var searchStart = text.startIndex
        while let domain = text.range(of: "}" + email[at...], range: searchStart..<text.endIndex) {
            if let open = text[..<domain.lowerBound].range(of: "{", options: .backwards),
               text.distance(from: open.upperBound, to: domain.lowerBound) <= 200 {
                let members = text[open.upperBound..<domain.lowerBound].split { ",;|".contains($0) }.map(String.init)
                if members.contains(local) { return open.lowerBound..<domain.upperBound }
            }
            searchStart = domain.upperBound
        }
        return nil
    }

    static func isCitation(after range: Range<String.Index>, in text: String) -> Bool {
        let end = text.index(range.upperBound, offsetBy: 16, limitedBy: text.endIndex) ?? text.endIndex
        let following = text[range.upperBound..<end]
        return following.range(of: "^[.,]?\\s*(et\\.?\\s+al|,?\\s*\\(?\\s*(19|20)\\d\\d)", options: .regularExpression) != nil
    }

    func match(_ author: String, isEmail: Bool, _ range: Range<String.Index>, in source: Source) -> Match {
        let box = Box.enclosing(source.boxes.filter { $0.0.overlaps(range) }.map(\.1))
        return Match(author: author, isEmail: isEmail, text: String(source.text[range]), place: source.place,
                     page: source.page, box: box)
    }
}
