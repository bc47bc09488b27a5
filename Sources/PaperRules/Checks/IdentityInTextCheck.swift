import Foundation
import PaperAnalysis
import PaperFacts

/// What in the printed text of a blind submission tells who wrote it: an author block under the
/// title, e-mail addresses, the authors' own URLs, self-citations in the first person, and
/// acknowledgements or funding. Every pattern list is a parameter, so a venue extends it in
/// rules.json.
public enum IdentityInTextCheck: CheckKind {
    /// The `parameters` object of an `identityInText` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Text that stands in for a name, an e-mail address or a URL in a blind paper.
        public var placeholders: [TextPattern]
        /// Words that make a line under the title an affiliation.
        public var affiliationPatterns: [TextPattern]
        /// Words that introduce a URL as the authors' own.
        public var ownershipPatterns: [TextPattern]
        /// Self-citations in the first person.
        public var selfCitationPatterns: [TextPattern]
        /// Acknowledgements and funding.
        public var fundingPatterns: [TextPattern]
        /// How far below the title the author block may reach when no Abstract heading ends it.
        public var authorBlockDepth: Double
    }

    static let defaultPlaceholders: JSONValue = [
        "\\banonymi[sz]ed\\b", "\\banonymous\\b", "anonymous\\.4open\\.science", "\\bX{3,}\\b",
        "\\bhidden for (blind )?review\\b", "\\bredacted\\b", "\\bblinded\\b", "\\bwithheld\\b",
    ]

    static let defaultAffiliations: JSONValue = [
        "\\buniversit(y|ies|ät|at|é|e|à|a|eit|et)\\b", "\\binstitut(e|o|ion)?\\b", "\\bdep(artmen)?t\\.?( of)?\\b",
        "\\blab(orator(y|ies)|s)?\\b", "\\b(inc|ltd|llc|gmbh|corp)\\.?(\\s|$)", "\\bcorporation\\b", "\\bcollege\\b",
        "\\bschool of\\b", "\\bfacult(y|ad|é|e|ät)\\b", "\\bresearch (center|centre|group)\\b", "\\bacademy\\b",
        "\\b(google|microsoft|facebook|deepmind|openai|ibm|amazon|nvidia|baidu|tencent|alibaba|adobe|intel)\\b",
        "\\b(usa|u\\.s\\.a\\.|united states|united kingdom|uk|canada|germany|france|israel|china|japan|korea|india|switzerland|netherlands|italy|spain|australia|sweden|singapore)\\b",
        "\\b(ca|ma|ny|nj|pa|wa|tx|il) \\d{5}\\b",
    ]

    static let defaultOwnership: JSONValue = [
        "\\b(our|my)\\s+(\\w+\\s+){0,3}(code|implementation|software|source|project|website|web\\s?page|homepage|page|repository|repo|toolbox|toolkit|library|package|framework|demo|videos?|models?|data\\s?sets?|data|benchmark|results|supplement\\w*)\\b",
        "\\bwe\\s+(will\\s+|also\\s+|have\\s+)?(release[sd]?|make|made|provide[sd]?|publish(ed)?|open[- ]?source[sd]?|share[sd]?|host(ed)?|post(ed)?)\\b",
        "\\b(code|implementation|source code|software)\\s+(is|are|will be|has been|have been)\\s+(\\w+\\s+){0,2}(available|released|published)\\b",
    ]

    static let defaultSelfCitations: JSONValue = [
        "\\b(in\\s+)?our\\s+(own\\s+)?(previous|prior|earlier|past|recent|former|preliminary)\\s+(work|paper|publication|study|studies|research|article|conference paper|workshop paper)s?\\b",
        "\\bas\\s+we\\s+(have\\s+)?(showed|shown|demonstrated|proved|argued|reported|proposed|described)\\s+(previously\\s+|earlier\\s+|before\\s+)?(in\\s+(\\[\\d|\\([A-Z][^)]{0,60}\\d{4}|[A-Z][\\w-]+(\\s+(et\\s+al\\.?|and\\s+[A-Z][\\w-]+))?,?\\s+\\(?\\d{4}))",
        "\\bwe\\s+(have\\s+)?(previously|recently)\\s+(proposed|introduced|presented|developed|published)\\b",
    ]

    static let defaultFunding: JSONValue = [
        "\\b(this|the|our)\\s+(work|research|project|material|study|paper)\\s+(was|is|has been|were)\\s+(\\w+\\s+){0,3}(supported|funded|sponsored|financed)\\b",
        "\\b(partially|partly|generously|financially)\\s+(supported|funded)\\s+by\\b",
        "\\bfunded\\s+by\\b", "\\bfunding\\s+from\\b",
        "\\bwe\\s+(would\\s+like\\s+to\\s+|wish\\s+to\\s+)?(thank|acknowledge)\\b", "\\bthe\\s+authors\\s+(would\\s+like\\s+to\\s+)?(thank|acknowledge|are grateful)\\b",
        "\\bwe\\s+are\\s+(very\\s+)?(grateful|indebted|thankful)\\b",
        "\\bgrants?\\s+(no\\.?|nos\\.?|number|agreement|#)\\s*[A-Z0-9][A-Z0-9/-]{3,}",
        "\\b(NSF|NIH|ERC|DARPA|ONR|ARO|AFOSR|EPSRC|DFG|NSERC|JSPS|NSFC|ISF|ANR|SNSF|NWO)\\s+(grants?\\s+)?(no\\.?\\s*|#\\s*)?[A-Z]{0,4}-?\\d{5,}",
    ]

    /// The parameters of an `identityInText` rule.
    public static let parameterSpecs = [
        ParameterSpec("placeholders", .list(.pattern, minimumCount: 0), .defaulted(defaultPlaceholders),
                      "Patterns for text that stands in for names, e-mail addresses or URLs (\"Anonymous Authors\", anonymous.4open.science); what matches is not a leak."),
        ParameterSpec("affiliationPatterns", .list(.pattern, minimumCount: 0), .defaulted(defaultAffiliations),
                      "Patterns that make a line under the title an affiliation (University, Institute, a company, a country)."),
        ParameterSpec("ownershipPatterns", .list(.pattern, minimumCount: 0), .defaulted(defaultOwnership),
                      "Patterns that, in the sentence before a URL, introduce it as the authors' own (\"our code is at\", \"we release\"); other URLs cite other people's work and are left alone."),
        ParameterSpec("selfCitationPatterns", .list(.pattern, minimumCount: 0), .defaulted(defaultSelfCitations),
                      "Patterns for self-citations in the first person (\"our previous work [12]\")."),
        ParameterSpec("fundingPatterns", .list(.pattern, minimumCount: 0), .defaulted(defaultFunding),
                      "Patterns for acknowledgements and funding (\"This work was supported by\", grant numbers), looked for everywhere outside the references and an Acknowledgements section (which `sectionAbsent` reports by its heading)."),
        ParameterSpec("authorBlockDepth", .points, .defaulted(160),
                      "How far below the title (in points) the author block is looked for when no Abstract heading or other heading ends it sooner."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "identityInText"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The printed text does not name the authors: no author block (names, affiliations, e-mail, ORCID, phone) between the title and the abstract on page 1, no e-mail address, URL introduced as the authors' own, first-person self-citation, or acknowledgement and funding text outside the references."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// Author-like lines under the title on page 1.
        case authorBlock
        /// An e-mail address in the text.
        case email
        /// A URL introduced as the authors' own.
        case url
        /// A self-citation in the first person.
        case selfCitation
        /// Acknowledgements or funding text.
        case funding
    }

    /// Message templates by variant.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .authorBlock: "page 1 prints {what} under the title: \"{text}\""
        case .email: "e-mail address on page {page}: \"{text}\""
        case .url: "URL introduced as the authors' own on page {page}: \"{text}\""
        case .selfCitation: "self-citation in the first person on page {page}: \"{text}\""
        case .funding: "acknowledgement or funding text on page {page}: \"{text}\""
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["what", "page", "text", "url"]

    /// A blind paper's text names nobody: every finding quotes the text with its page and box.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let text = IdentityText(context)
        var outcomes: [CheckOutcome] = []
        let block = authorBlock(parameters, in: context)
        if let block { outcomes.append(block.outcome) }
        for (page, unacknowledged) in zip(text.pagesOutsideReferences, text.pagesOutsideReferencesAndAcknowledgements) {
            var taken: [Range<String.Index>] = []
            func add(_ variant: Variant, _ range: Range<String.Index>, quote: String, extra: [String: String] = [:]) {
                guard !taken.contains(where: { $0.overlaps(range) }) else { return }
                taken.append(range)
                let box = page.box(of: range)
                // What the author block already quotes is not reported twice.
                if page.number == 1, let box, let blockBox = block?.outcome.box, blockBox.intersects(box) { return }
                outcomes.append(CheckOutcome(variant: variant, values: ["page": "\(page.number)", "text": quote].merging(extra) { $1 },
                                             page: page.number, box: box, text: quote))
            }
            for range in Patterns.emails(in: page.text) where !isPlaceholder(page.text[range], parameters) {
                add(.email, range, quote: Quote.bounded(String(page.text[range])))
            }
            for range in Patterns.urls(in: page.text) where !isPlaceholder(page.text[range], parameters) {
                let sentence = Patterns.sentence(before: range, in: page.text)
                guard parameters.ownershipPatterns.contains(where: { $0.firstMatch(in: sentence) != nil }) else { continue }
                let url = String(page.text[range])
                // The URL is quoted whole; the words before it as far as they fit.
                let words = String(sentence.suffix(max(20, 190 - url.count)))
                add(.url, range, quote: Quote.bounded((words.count < sentence.count ? "…" : "") + words + url),
                    extra: ["url": Quote.bounded(url)])
            }
            for pattern in parameters.selfCitationPatterns {
                for range in pattern.allMatches(in: page.text) {
                    add(.selfCitation, range, quote: Quote.excerpt(page.text, range))
                }
            }
            // Under an Acknowledgements heading, the sectionAbsent rule reports the section already.
            var fundingTaken: [Range<String.Index>] = []
            for pattern in parameters.fundingPatterns {
                for range in pattern.allMatches(in: unacknowledged.text) where !fundingTaken.contains(where: { $0.overlaps(range) }) {
                    // One finding per sentence: "supported by NSF grant IIS-1234567" is one leak.
                    fundingTaken.append(Patterns.sentence(around: range, in: unacknowledged.text))
                    let quote = Quote.excerpt(unacknowledged.text, range)
                    outcomes.append(CheckOutcome(variant: Variant.funding, values: ["page": "\(page.number)", "text": quote],
                                                 page: page.number, box: unacknowledged.box(of: range), text: quote))
                }
            }
        }
        return outcomes
    }

    static func isPlaceholder<S: StringProtocol>(_ text: S, _ parameters: Parameters) -> Bool {
        let text = String(text)
        return parameters.placeholders.contains { $0.firstMatch(in: text) != nil }
    }

    /// The lines between the title and the abstract on page 1 that name or place someone.
    static func authorBlock(_ parameters: Parameters, in context: CheckContext) -> (outcome: CheckOutcome, lines: [TextLine])? {
        guard let page = context.facts.pages.first, page.number == 1,
              let region = authorBlockRegion(parameters, page: page, context: context) else { return nil }
        let gutters = context.analysis.lineNumbers.gutters.filter { $0.page == 1 }.map(\.box)
        var kinds: [String] = []
        var found: [TextLine] = []
        for line in page.lines where line.box.midY > region.top && line.box.midY < region.bottom {
            let words = line.words.filter { word in !(gutters.contains { $0.intersects(word.box) } && word.text.allSatisfy(\.isNumber)) }
            guard !words.isEmpty else { continue }
            let text = TextLine(words: words).text
            guard !isPlaceholder(text, parameters) else { continue }
            let kind: String?
            if !Patterns.emails(in: text).isEmpty { kind = "e-mail addresses" }
            else if !Patterns.ranges(Patterns.orcid, in: text).isEmpty { kind = "ORCID iDs" }
            else if !Patterns.ranges(Patterns.phone, in: text).isEmpty { kind = "phone numbers" }
            else if parameters.affiliationPatterns.contains(where: { $0.firstMatch(in: text) != nil }) { kind = "affiliations" }
            else if Patterns.looksLikeNames(text) { kind = "names" }
            else { kind = nil }
            guard let kind else { continue }
            if !kinds.contains(kind) { kinds.append(kind) }
            found.append(TextLine(words: words))
        }
        guard !found.isEmpty else { return nil }
        let order = ["names", "affiliations", "e-mail addresses", "ORCID iDs", "phone numbers"]
        let what = Patterns.list(order.filter(kinds.contains))
        let quote = Quote.bounded(found.map(\.text).joined(separator: " / "))
        return (CheckOutcome(variant: Variant.authorBlock, values: ["what": what, "page": "1", "text": quote], page: 1,
                             box: Box.enclosing(found.map(\.box)), text: quote), found)
    }

    /// From the foot of the title (the largest type at the top of page 1) to the first heading or
    /// "Abstract" below it, at most `authorBlockDepth` further down.
    static func authorBlockRegion(_ parameters: Parameters, page: PageFacts, context: CheckContext) -> (top: Double, bottom: Double)? {
        let body = context.analysis.bodyStyle?.fontSize ?? 10
        let top = page.lines.filter { $0.box.y1 < page.height * 0.4 && $0.characterCount >= 3 }
        guard let largest = top.compactMap({ $0.dominantWord?.fontSize }).max(), largest >= body + 1.5 else { return nil }
        let title = top.filter { ($0.dominantWord?.fontSize ?? 0) >= largest - 0.5 }
        guard let firstTitle = title.min(by: { $0.box.y0 < $1.box.y0 }) else { return nil }
        // The title is the run of large lines from its first one, each close under the one before.
        var titleBottom = firstTitle.box.y1
        for line in title.sorted(by: { $0.box.y0 < $1.box.y0 }) where line.box.y0 <= titleBottom + largest * 1.2 {
            titleBottom = max(titleBottom, line.box.y1)
        }
        var bottom = titleBottom + parameters.authorBlockDepth
        for line in page.lines where line.box.y0 > titleBottom {
            let letters = Heading.comparableTitle(line.text)
            if letters.hasPrefix("abstract") { bottom = min(bottom, line.box.y0) }
        }
        // Names set in bold at the body size look like headings to the analysis: only a section
        // heading (larger than the body) or an Introduction ends the block.
        for heading in context.analysis.headings where heading.page == 1 && heading.box.y0 > titleBottom
            && (heading.fontSize >= body + 1 || Heading.comparableTitle(heading.title).hasPrefix("introduction")) {
            bottom = min(bottom, heading.box.y0)
        }
        return bottom > titleBottom ? (titleBottom, bottom) : nil
    }
}

/// The fixed shapes the identity checks look for: e-mail addresses, URLs, ORCID iDs, phone numbers, names.
enum Patterns {
    static let email = try! NSRegularExpression(
        pattern: "(\\{[^{}]{1,120}\\}|[A-Z0-9][A-Z0-9._%+-]*)\\s?@\\s?[A-Z0-9][A-Z0-9-]*(\\s?\\.\\s?[A-Z0-9-]+)*\\s?\\.\\s?[A-Z]{2,}\\b",
        options: [.caseInsensitive])
    static let url = try! NSRegularExpression(
        pattern: "\\b((https?|ftp)://[^\\s<>\"()\\[\\]{}]+|www\\.[^\\s<>\"()\\[\\]{}]+|[A-Z0-9-]+(\\.[A-Z0-9-]+)*\\.(com|org|net|edu|io|ai|gov|info|me|science|page|dev)/[^\\s<>\"()\\[\\]{}]*|[A-Z0-9-]+\\.github\\.io\\b[^\\s<>\"()\\[\\]{}]*)",
        options: [.caseInsensitive])
    static let orcid = try! NSRegularExpression(pattern: "\\b(orcid\\b|\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]\\b)", options: [.caseInsensitive])
    static let phone = try! NSRegularExpression(
        pattern: "(\\b(tel|phone|fax)\\.?:?\\s*\\+?\\d|\\+\\d{1,3}[\\s.-]?\\(?\\d{1,4}\\)?[\\s.-]?\\d{3,4}[\\s.-]?\\d{3,4})",
        options: [.caseInsensitive])

    static func ranges(_ expression: NSRegularExpression, in text: String) -> [Range<String.Index>] {
        expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text) }
    }

    static func emails(in text: String) -> [Range<String.Index>] { ranges(email, in: text) }

    /// URLs, without the punctuation that ends a sentence after them.
    static func urls(in text: String) -> [Range<String.Index>] {
        ranges(url, in: text).map { range in
            var upper = range.upperBound
            while upper > range.lowerBound, ".,;:".contains(text[text.index(before: upper)]) { upper = text.index(before: upper) }
            return range.lowerBound..<upper
        }
    }

    /// The sentence before `range`: back to the last full stop that ends a sentence, at most 150 characters.
    static func sentence(before range: Range<String.Index>, in text: String) -> String {
        let start = text.index(range.lowerBound, offsetBy: -150, limitedBy: text.startIndex) ?? text.startIndex
        let before = text[start..<range.lowerBound]
        if let stop = before.range(of: ". ", options: .backwards) { return String(before[stop.upperBound...]) }
        return String(before)
    }

    /// The sentence that holds `range`, from the full stop before it to the one after it.
    static func sentence(around range: Range<String.Index>, in text: String) -> Range<String.Index> {
        let before = text[..<range.lowerBound].range(of: ". ", options: .backwards)?.upperBound ?? text.startIndex
        let after = text[range.upperBound...].range(of: ". ")?.lowerBound ?? text.endIndex
        return min(before, range.lowerBound)..<max(after, range.upperBound)
    }

    /// Particles inside surnames, written in lower case or not.
    static let particles: Set<String> = ["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das",
                                         "le", "la", "al", "el", "ter", "ten", "zu", "af", "ben", "bin", "ibn", "y", "and"]
    /// Words that make a capitalised line a phrase rather than names.
    static let phraseWords: Set<String> = ["the", "of", "for", "in", "on", "with", "a", "an", "to", "via", "using", "from",
                                           "by", "is", "are", "we", "our", "abstract", "introduction", "towards", "under"]

    /// A line of two to thirty capitalised words (initials and surname particles allowed), separated
    /// by commas or "and": how names under a title look.
    static func looksLikeNames(_ text: String) -> Bool {
        let cleaned = text.unicodeScalars.map { scalar -> Character in
            CharacterSet.letters.contains(scalar) || scalar == "." || scalar == "-" || scalar == "'" || scalar == "’" ? Character(scalar) : " "
        }
        let tokens = String(cleaned).split(separator: " ").map(String.init).filter { $0 != "." }
        guard tokens.count >= 2, tokens.count <= 30 else { return false }
        // Marks after names (*, †, 1) are gone; what stays must be names.
        let named = tokens.filter { token in
            let lower = token.lowercased()
            if particles.contains(lower) { return false }
            return true
        }
        guard named.count >= 2 else { return false }
        return named.allSatisfy { token in
            guard let first = token.first, first.isUppercase, token.count <= 20 else { return false }
            return !phraseWords.contains(token.lowercased())
        } && !tokens.contains { phraseWords.contains($0.lowercased()) && $0.lowercased() != "and" }
    }

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}
