import Foundation
import PaperFacts

/// A rules file that cannot be used, with the JSON path of the bad value:
/// `rules.json: profiles[2].rules[5].parameters.tolerance: expected a number, found a string`.
public struct RuleSetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// JSON path of the bad value (`profiles[2].rules[5].severity`); empty for the whole file.
    public var path: String
    /// What is wrong, in a few words.
    public var message: String
    /// The rules file, when known.
    public var file: String?

    /// Makes an error.
    public init(path: String, message: String, file: String? = nil) {
        self.path = path
        self.message = message
        self.file = file
    }

    static func invalid(path: String, problem: DecodingError) -> RuleSetError {
        func joined(_ codingPath: [CodingKey]) -> String {
            codingPath.reduce(path) { partial, key in
                if let index = key.intValue { return partial + "[\(index)]" }
                return partial + "." + key.stringValue
            }
        }
        switch problem {
        case let .typeMismatch(type, context):
            return RuleSetError(path: joined(context.codingPath), message: "expected \(describe(type))")
        case let .valueNotFound(type, context):
            return RuleSetError(path: joined(context.codingPath), message: "expected \(describe(type)), found null")
        case let .keyNotFound(key, context):
            return RuleSetError(path: joined(context.codingPath + [key]), message: "required key is missing")
        case let .dataCorrupted(context):
            return RuleSetError(path: joined(context.codingPath), message: context.debugDescription)
        @unknown default:
            return RuleSetError(path: path, message: "\(problem)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// `file: path: message`, on one line.
    public var description: String {
        let location = path.isEmpty ? "" : path + ": "
        return "\(file ?? "rules"): \(location)\(message)"
    }
}

/// A venue's rules: a profile with its resolved rules.
public struct Profile: Sendable {
    /// The profile id, e.g. `vdl2016`.
    public var id: String
    /// A human-readable title; the id when the file gives none.
    public var title: String
    /// Where the venue's requirements come from (usually the call for papers' URL), if given.
    public var source: String?
    /// The id of the profile this one extends, if any.
    public var extends: String?
    /// The rules in order: inherited ones first (overridden in place, removed ones gone), then its own.
    public var rules: [Rule]
    /// True for a profile of the built-in rules.json, false for one from a user's file.
    public var isBuiltIn = false
    /// True when this profile, from a user's file, has the id of a built-in profile and so replaces it.
    public var replacesBuiltIn = false

    /// The rule with this id, or nil.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// A short fingerprint of the profile's resolved rules (FNV-1a over their canonical JSON): two
    /// runs with the same digest judge files alike, so a resumed run may reuse the other's results.
    /// `triage` and `cause` are left out: every run assesses its results again, resumed ones too.
    public var digest: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for rule in rules {
            var judged = rule.definition
            if case var .object(members) = judged {
                members["triage"] = nil
                members["cause"] = nil
                judged = .object(members)
            }
            for byte in (try? encoder.encode(judged)) ?? Data(rule.id.utf8) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            hash = (hash ^ 0x0A) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// What extraction must do for the profile: the needs of all its rules together, so that no
    /// rule depends on another or on their order.
    public var needs: ExtractionNeeds {
        rules.reduce(ExtractionNeeds()) { $0.combined(with: $1.needs) }
    }

    /// The page regions the profile's rules want rendered before they evaluate, merged by page.
    public func inkRegions(in context: CheckContext) -> [Int: [Box]] {
        rules.reduce(into: [:]) { merged, rule in
            merged.merge(rule.inkRegions(in: context)) { $0 + $1 }
        }
    }
}

/// rules.json decoded and resolved: every profile's `extends`, `remove`, `override` and `add` applied.
public struct RuleSet: Sendable {
    /// The `schemaVersion` this papercheck reads.
    public static let supportedSchemaVersion = 1

    /// The file's `schemaVersion`.
    public var schemaVersion: Int
    /// The profile used when none is named.
    public var defaultProfileID: String
    /// The profiles in file order.
    public var profiles: [Profile]

    /// The profile with this id (the default profile for nil), or nil when there is none.
    public func profile(_ id: String?) -> Profile? {
        let wanted = id ?? defaultProfileID
        return profiles.first { $0.id == wanted }
    }

    /// The text of the built-in rules.json, exactly as embedded (what `papercheck rules dump` prints).
    public static var builtInJSON: String { DefaultRules.json }

    /// The name the built-in rules go by in errors.
    static let builtInFile = "built-in rules.json"

    /// The embedded rules, decoded once per process.
    private static let builtInResult = Result { () throws(RuleSetError) -> RuleSet in
        try decode(Data(DefaultRules.json.utf8), file: builtInFile, beneath: nil, builtIn: true)
    }

    /// The rule set built into papercheck: the rules.json at the repository root.
    public static func builtIn() throws(RuleSetError) -> RuleSet {
        try builtInResult.get()
    }

    /// The built-in rules with one profile decoded (`id`, or the default for nil): a check needs
    /// one, and decoding the others (their parameters, their patterns compiled) took half of a
    /// one-file check's own start. The tests decode every built-in profile. Nil when the built-in
    /// rules have no such profile (`builtIn()` says what there is).
    public static func builtIn(only id: String?) -> RuleSet? {
        try? RuleSetParser(file: builtInFile, builtIn: true, onlyProfile: id ?? "").parse(Data(DefaultRules.json.utf8))
    }

    /// Reads and resolves a user's rules file; errors name the file and the JSON path.
    ///
    /// With `beneathBuiltIns` (the default) the built-in profiles lie beneath the file: its profiles
    /// may `extends` a built-in profile by id, a profile with a built-in's id replaces that one, and
    /// the set holds the file's profiles first, then the built-in ones it did not replace.
    public static func load(path: String, beneathBuiltIns: Bool = true) throws(RuleSetError) -> RuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleSetError(path: "", message: "cannot read the file; check the path", file: path)
        }
        return try decode(data, file: path, beneath: beneathBuiltIns ? builtIn() : nil)
    }

    /// Parses and resolves self-contained rules.json data; `file` names the source in errors.
    public static func decode(_ data: Data, file: String = "rules.json") throws(RuleSetError) -> RuleSet {
        try decode(data, file: file, beneath: nil)
    }

    /// Parses and resolves rules.json data over `base` (usually `builtIn()`), as `load(path:)` does:
    /// profiles may extend `base`'s by id or replace them; nil makes the file self-contained.
    public static func decode(_ data: Data, file: String, beneath base: RuleSet?) throws(RuleSetError) -> RuleSet {
        try decode(data, file: file, beneath: base, builtIn: false)
    }

    private static func decode(_ data: Data, file: String, beneath base: RuleSet?, builtIn: Bool) throws(RuleSetError) -> RuleSet {
        do {
            return try RuleSetParser(file: file, base: base, builtIn: builtIn).parse(data)
        } catch {
            var error = error
            error.file = file
            throw error
        }
    }
}

/// Walks the JSON of a rules file, checking each value where it stands, so that errors carry paths.
struct RuleSetParser {
    let file: String
    /// The profiles beneath the file (the built-in ones), which it may extend by id and replace.
    var base: RuleSet? = nil
    /// Whether the file is the built-in rules.json.
    var builtIn = false
    /// Decode only this profile (the file's default for ""), leaving the others as JSON; nil
    /// decodes them all, as a user's file must be (every mistake in it is an error when it loads).
    var onlyProfile: String? = nil

    /// The keys of the file's top-level object.
    static let fileKeys: Set = ["$schema", "schemaVersion", "default", "profiles"]
    /// The keys of a profile.
    static let profileKeys: Set = ["id", "title", "source", "extends", "remove", "override", "rules", "add"]
    /// The schema's pattern for profile and rule ids, and the same in words.
    static let idPattern = "^[a-z0-9][a-z0-9-]*$"
    static let idPatternInWords = "lower-case letters, digits and hyphens, not starting with a hyphen"

    /// Whether `id` matches `idPattern`.
    static func isIdentifier(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first != "-" else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    typealias Definitions = [String: (index: Int, body: [String: JSONValue])]

    func parse(_ data: Data) throws(RuleSetError) -> RuleSet {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw RuleSetError(path: "", message: "not valid JSON (\(error))")
        }
        let top = try object(root, at: "")
        try json.rejectUnknownKeys(top, known: Self.fileKeys, at: "")
        if let schema = top["$schema"] { _ = try string(schema, at: "$schema") }
        let version = try json.integer(top["schemaVersion"], at: "schemaVersion")
        guard version == RuleSet.supportedSchemaVersion else {
            throw RuleSetError(path: "schemaVersion",
                               message: "version \(version) is not supported; this papercheck reads version \(RuleSet.supportedSchemaVersion)")
        }
        let profileValues = try array(top["profiles"], at: "profiles")
        guard !profileValues.isEmpty else { throw RuleSetError(path: "profiles", message: "expected at least one profile, found none") }
        var definitions: Definitions = [:]
        var order: [String] = []
        for (index, value) in profileValues.enumerated() {
            let path = "profiles[\(index)]"
            let body = try object(value, at: path)
            try json.rejectUnknownKeys(body, known: Self.profileKeys, at: path)
            let id = try identifier(body["id"], at: path + ".id")
            guard definitions[id] == nil else { throw RuleSetError(path: path + ".id", message: "duplicate profile id '\(id)'") }
            definitions[id] = (index, body)
            order.append(id)
        }
        // The default is checked first: a wrong one is the likelier mistake than what follows from it.
        let defaultID = try string(top["default"], at: "default")
        guard definitions[defaultID] != nil || base?.profile(defaultID) != nil else {
            throw RuleSetError(path: "default", message: noProfile(defaultID, definitions: definitions))
        }
        var resolved: [String: Resolution] = [:]
        if let only = onlyProfile {
            let id = only.isEmpty ? defaultID : only
            _ = try resolve(id, definitions: definitions, resolved: &resolved, chain: [], decoding: true, decodingParents: false)
        } else {
            for id in order {
                _ = try resolve(id, definitions: definitions, resolved: &resolved, chain: [], decoding: true, decodingParents: true)
            }
        }
        let beneath = base?.profiles.filter { definitions[$0.id] == nil } ?? []
        return RuleSet(schemaVersion: version, defaultProfileID: defaultID,
                       profiles: order.compactMap { resolved[$0]?.profile } + beneath)
    }

    /// A profile resolved: its rules' JSON (with where each came from) after `extends`, `remove`,
    /// `override` and `add`; and the profile decoded from them, once that is asked for.
    private struct Resolution {
        var rules: [(path: String, body: [String: JSONValue])]
        var profile: Profile?
    }

    /// "no profile has the id 'x'", with the closest id when it looks like a typo and the known ids.
    private func noProfile(_ id: String, definitions: Definitions) -> String {
        var known = definitions.keys.sorted()
        known += (base?.profiles.map(\.id) ?? []).filter { definitions[$0] == nil }.sorted()
        let suggestion = Suggestion.closest(to: id, among: known).map { "did you mean '\($0)'? " } ?? ""
        return "no profile has the id '\(id)' (\(suggestion)profiles: \(known.joined(separator: ", ")))"
    }

    /// Resolves profile `id`; `decoding` also decodes it, and `decodingParents` the profiles it extends.
    private func resolve(_ id: String, definitions: Definitions, resolved: inout [String: Resolution], chain: [String],
                         decoding: Bool, decodingParents: Bool) throws(RuleSetError) -> Resolution {
        if let done = resolved[id], done.profile != nil || !decoding { return done }
        guard let (index, body) = definitions[id] else {
            throw RuleSetError(path: "profiles", message: noProfile(id, definitions: definitions))
        }
        let path = "profiles[\(index)]"
        guard !chain.contains(id) else {
            throw RuleSetError(path: path + ".extends", message: "profiles extend each other in a loop: \((chain + [id]).joined(separator: " -> "))")
        }
        // Rules are kept as JSON with their path until the profile is complete, then decoded.
        var rules: [(path: String, body: [String: JSONValue])] = []
        var extends: String?
        if let parentValue = body["extends"] {
            let parentID = try string(parentValue, at: path + ".extends")
            // A profile of this file first; a profile that extends its own id starts from the one beneath.
            if definitions[parentID] != nil, !(parentID == id && base?.profile(id) != nil) {
                rules = try resolve(parentID, definitions: definitions, resolved: &resolved, chain: chain + [id],
                                    decoding: decodingParents, decodingParents: decodingParents).rules
            } else if let beneath = base?.profile(parentID) {
                rules = beneath.rules.compactMap { rule in rule.definition.objectValue.map { (rule.sourcePath, $0) } }
            } else {
                throw RuleSetError(path: path + ".extends", message: noProfile(parentID, definitions: definitions))
            }
            extends = parentID
        }
        var removedIDs: [String: Int] = [:]
        for (offset, value) in try array(body["remove"] ?? .array([]), at: path + ".remove").enumerated() {
            let removed = try string(value, at: "\(path).remove[\(offset)]")
            if let first = removedIDs[removed] {
                throw RuleSetError(path: "\(path).remove[\(offset)]", message: "'\(removed)' is already removed at remove[\(first)]")
            }
            removedIDs[removed] = offset
            guard rules.contains(where: { $0.body["id"]?.stringValue == removed }) else {
                throw RuleSetError(path: "\(path).remove[\(offset)]", message: "no inherited rule has the id '\(removed)'")
            }
            rules.removeAll { $0.body["id"]?.stringValue == removed }
        }
        var overridden: [String: Int] = [:]
        for (offset, value) in try array(body["override"] ?? .array([]), at: path + ".override").enumerated() {
            let entryPath = "\(path).override[\(offset)]"
            let patch = try object(value, at: entryPath)
            let target = try identifier(patch["id"], at: entryPath + ".id")
            // A second entry would quietly merge over the first; one entry per rule says it all.
            if let first = overridden[target] {
                throw RuleSetError(path: entryPath + ".id",
                                   message: "'\(target)' is overridden twice (also in override[\(first)]); merge the two entries")
            }
            overridden[target] = offset
            guard let position = rules.firstIndex(where: { $0.body["id"]?.stringValue == target }) else {
                throw RuleSetError(path: entryPath + ".id", message: "no inherited rule has the id '\(target)'")
            }
            if patch["check"] != nil {
                let inherited = rules[position].body["check"]?.stringValue ?? "?"
                throw RuleSetError(path: entryPath + ".check",
                                   message: "an override cannot change the check of '\(target)' (\(inherited)); remove the rule and add one with another id")
            }
            let merged = JSONValue.object(rules[position].body).merged(with: .object(patch))
            rules[position] = (entryPath, merged.objectValue ?? patch)
        }
        for key in ["rules", "add"] {
            for (offset, value) in try array(body[key] ?? .array([]), at: "\(path).\(key)").enumerated() {
                let rulePath = "\(path).\(key)[\(offset)]"
                let rule = try object(value, at: rulePath)
                let ruleID = try identifier(rule["id"], at: rulePath + ".id")
                guard !rules.contains(where: { $0.body["id"]?.stringValue == ruleID }) else {
                    throw RuleSetError(path: rulePath + ".id", message: "duplicate rule id '\(ruleID)' (use override to change an inherited rule)")
                }
                rules.append((rulePath, rule))
            }
        }
        guard !rules.isEmpty else {
            throw RuleSetError(path: path, message: "profile '\(id)' has no rules")
        }
        guard decoding else {
            resolved[id] = Resolution(rules: rules, profile: nil)
            return Resolution(rules: rules, profile: nil)
        }
        var decoded: [Rule] = []
        for (rulePath, rule) in rules { decoded.append(try decodeRule(rule, at: rulePath)) }
        var profile = Profile(id: id, title: try string(body["title"] ?? .string(id), at: path + ".title"),
                              source: try body["source"].map { value throws(RuleSetError) in try string(value, at: path + ".source") },
                              extends: extends, rules: decoded)
        profile.isBuiltIn = builtIn
        profile.replacesBuiltIn = base?.profile(id) != nil
        resolved[id] = Resolution(rules: rules, profile: profile)
        return Resolution(rules: rules, profile: profile)
    }

    /// A profile or rule id: a string matching `idPattern`.
    private func identifier(_ value: JSONValue?, at path: String) throws(RuleSetError) -> String {
        let id = try string(value, at: path)
        guard Self.isIdentifier(id) else {
            throw RuleSetError(path: path, message: "'\(id)' is not a valid id: use \(Self.idPatternInWords) (\(Self.idPattern))")
        }
        return id
    }

    private func decodeRule(_ body: [String: JSONValue], at path: String) throws(RuleSetError) -> Rule {
        let known: Set = ["id", "check", "severity", "message", "messages", "hint", "hints", "reference", "parameters",
                          "triage", "cause", "description"]
        try json.rejectUnknownKeys(body, known: known, at: path)
        let id = try string(body["id"], at: path + ".id")
        let checkName = try string(body["check"], at: path + ".check")
        guard let kind = CheckRegistry.kind(named: checkName) else {
            throw RuleSetError(path: path + ".check",
                               message: JSONReader<RuleSetError>.unknown("check", checkName, expected: CheckRegistry.kinds.map { $0.name }))
        }
        let severityName = try string(body["severity"], at: path + ".severity")
        guard let severity = Severity(rawValue: severityName) else {
            throw RuleSetError(path: path + ".severity",
                               message: JSONReader<RuleSetError>.unknown("severity", severityName, expected: Severity.allCases.map { $0.rawValue }))
        }
        let variants = kind.defaultMessages.keys.filter { $0 != "main" }.sorted()
        var messages: [String: String] = [:]
        for (variant, value) in try object(body["messages"] ?? .object([:]), at: path + ".messages") {
            guard variants.contains(variant) else {
                let advice = variant == "main" ? "the main message is the rule's 'message'; " : ""
                throw RuleSetError(path: "\(path).messages.\(variant)",
                                   message: advice + JSONReader<RuleSetError>.unknown("message variant of \(checkName)", variant, expected: variants))
            }
            messages[variant] = try template(value, at: "\(path).messages.\(variant)", kind: kind)
        }
        var hints: [String: String] = [:]
        let hintKeys = Rule.hintKeys(variants: kind.defaultMessages.keys.sorted())
        for (key, value) in try object(body["hints"] ?? .object([:]), at: path + ".hints") {
            guard hintKeys.contains(key) else {
                throw RuleSetError(path: "\(path).hints.\(key)",
                                   message: JSONReader<RuleSetError>.unknown("hint key (a producer family, a variant, or variant.family)", key,
                                                                             expected: hintKeys))
            }
            hints[key] = try template(value, at: "\(path).hints.\(key)", kind: kind)
        }
        var triage: TriageClass?
        if let value = body["triage"] {
            let name = try string(value, at: path + ".triage")
            guard let chosen = TriageClass(rawValue: name), TriageClass.ruleClasses.contains(chosen) else {
                throw RuleSetError(path: path + ".triage",
                                   message: JSONReader<RuleSetError>.unknown("triage class", name, expected: TriageClass.ruleClasses.map(\.rawValue)))
            }
            triage = chosen
        }
        let cause = try body["cause"].map { value throws(RuleSetError) in
            try template(value, at: path + ".cause", kind: kind, extra: Triage.causePlaceholders)
        }
        let bound = try kind.bind(body["parameters"] ?? .object([:]), path: path + ".parameters")
        var rule = Rule(id: id, check: checkName, severity: severity,
                        message: try template(body["message"] ?? .string(kind.defaultMessages["main"] ?? id), at: path + ".message", kind: kind),
                        messages: messages, hint: try template(body["hint"], at: path + ".hint", kind: kind), hints: hints,
                        reference: try string(body["reference"], at: path + ".reference"),
                        definition: .object(body), sourcePath: path, bound: bound)
        rule.triage = triage
        rule.cause = cause
        return rule
    }

    /// A message or hint template: a string whose `{placeholders}` are ones the kind fills (its
    /// outcomes' values and its parameters), so that a typo such as `{mesured}` is an error here
    /// rather than printed as written.
    private func template(_ value: JSONValue?, at path: String, kind: any CheckKind.Type,
                          extra: [String] = []) throws(RuleSetError) -> String {
        let text = try string(value, at: path)
        let known = kind.messagePlaceholders + extra
        for name in Rule.placeholders(in: text) where !known.contains(name) {
            throw RuleSetError(path: path, message: JSONReader<RuleSetError>.unknown("placeholder of \(kind.name)", "{\(name)}", expected: known.map { "{\($0)}" })
                               + "; write {{\(name)}} for literal braces")
        }
        return text
    }

    private let json = JSONReader { path, message in RuleSetError(path: path, message: message) }

    private func object(_ value: JSONValue?, at path: String) throws(RuleSetError) -> [String: JSONValue] {
        try json.object(value, at: path)
    }

    private func array(_ value: JSONValue?, at path: String) throws(RuleSetError) -> [JSONValue] {
        try json.array(value, at: path)
    }

    private func string(_ value: JSONValue?, at path: String) throws(RuleSetError) -> String {
        try json.string(value, at: path)
    }

    private func number(_ value: JSONValue?, at path: String) throws(RuleSetError) -> Double {
        try json.number(value, at: path)
    }
}

extension RuleSet {
    /// The set as a self-contained rules file: each profile (only `profileID`'s when given) with its
    /// resolved rules in full and no `extends`, so that papercheck reads it back to the same rules.
    public func resolvedJSON(profile profileID: String? = nil) -> String {
        let chosen = profiles.filter { profileID == nil || $0.id == profileID }
        let entries: [JSONValue] = chosen.map { profile in
            var body: [String: JSONValue] = ["id": .string(profile.id), "title": .string(profile.title),
                                             "rules": .array(profile.rules.map(\.definition))]
            if let source = profile.source { body["source"] = .string(source) }
            return .object(body)
        }
        let file: JSONValue = .object(["schemaVersion": .number(Double(schemaVersion)),
                                       "default": .string(profileID ?? defaultProfileID), "profiles": .array(entries)])
        return JSONText.pretty(file) + "\n"
    }
}

/// JSON text for people: keys in the order rules.json uses, short values on one line.
enum JSONText {
    /// Keys in this order first, the others after them sorted.
    static let keyOrder = ["$schema", "schemaVersion", "default", "profiles", "id", "title", "source", "extends", "check",
                           "severity", "parameters", "message", "messages", "hint", "hints", "reference", "triage", "cause", "description",
                           "rules"]
    /// A value that fits in this many characters, indentation included, stays on one line.
    static let width = 110

    static func pretty(_ value: JSONValue, indent: String = "") -> String {
        let flat = compact(value)
        guard indent.count + flat.count > width else { return flat }
        let inner = indent + "  "
        switch value {
        case let .array(elements) where !elements.isEmpty:
            return "[\n" + elements.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case let .object(members) where !members.isEmpty:
            return "{\n" + orderedKeys(members).map { key in
                let prefix = inner + quoted(key) + ": "
                return prefix + pretty(members[key]!, indent: inner)
            }.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return flat
        }
    }

    static func compact(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case let .bool(flag): flag ? "true" : "false"
        case let .number(number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case let .string(text): quoted(text)
        case let .array(elements): "[" + elements.map(compact).joined(separator: ", ") + "]"
        case let .object(members):
            "{" + orderedKeys(members).map { quoted($0) + ": " + compact(members[$0]!) }.joined(separator: ", ") + "}"
        }
    }

    static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { a, b in
            let rankA = keyOrder.firstIndex(of: a) ?? keyOrder.count, rankB = keyOrder.firstIndex(of: b) ?? keyOrder.count
            return rankA != rankB ? rankA < rankB : a < b
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
