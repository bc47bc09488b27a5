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

    /// The rule with this id, or nil.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// A short fingerprint of the profile's resolved rules (FNV-1a over their canonical JSON): two
    /// runs with the same digest judge files alike, so a resumed run may reuse the other's results.
    public var digest: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for rule in rules {
            for byte in (try? encoder.encode(rule.definition)) ?? Data(rule.id.utf8) {
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

    /// The rule set built into papercheck: the rules.json at the repository root.
    public static func builtIn() throws(RuleSetError) -> RuleSet {
        try decode(Data(DefaultRules.json.utf8), file: "built-in rules.json")
    }

    /// Reads and resolves a rules file; errors name the file and the JSON path.
    public static func load(path: String) throws(RuleSetError) -> RuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleSetError(path: "", message: "cannot read the file; check the path", file: path)
        }
        return try decode(data, file: path)
    }

    /// Parses and resolves rules.json data; `file` names the source in errors.
    public static func decode(_ data: Data, file: String = "rules.json") throws(RuleSetError) -> RuleSet {
        do {
            return try RuleSetParser(file: file).parse(data)
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

    func parse(_ data: Data) throws(RuleSetError) -> RuleSet {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw RuleSetError(path: "", message: "not valid JSON (\(error))")
        }
        let top = try object(root, at: "")
        let version = try number(top["schemaVersion"], at: "schemaVersion")
        guard Int(version) == RuleSet.supportedSchemaVersion else {
            throw RuleSetError(path: "schemaVersion",
                               message: "version \(Int(version)) is not supported; this papercheck reads version \(RuleSet.supportedSchemaVersion)")
        }
        let profileValues = try array(top["profiles"], at: "profiles")
        var definitions: [String: (index: Int, body: [String: JSONValue])] = [:]
        var order: [String] = []
        for (index, value) in profileValues.enumerated() {
            let path = "profiles[\(index)]"
            let body = try object(value, at: path)
            let id = try string(body["id"], at: path + ".id")
            guard definitions[id] == nil else { throw RuleSetError(path: path + ".id", message: "duplicate profile id '\(id)'") }
            definitions[id] = (index, body)
            order.append(id)
        }
        var resolved: [String: Profile] = [:]
        for id in order {
            _ = try resolve(id, definitions: definitions, resolved: &resolved, chain: [])
        }
        let defaultID = try string(top["default"], at: "default")
        guard resolved[defaultID] != nil else {
            throw RuleSetError(path: "default", message: "no profile has the id '\(defaultID)'")
        }
        return RuleSet(schemaVersion: Int(version), defaultProfileID: defaultID, profiles: order.compactMap { resolved[$0] })
    }

    private func resolve(_ id: String, definitions: [String: (index: Int, body: [String: JSONValue])],
                         resolved: inout [String: Profile], chain: [String]) throws(RuleSetError) -> Profile {
        if let done = resolved[id] { return done }
        guard let (index, body) = definitions[id] else {
            throw RuleSetError(path: "profiles", message: "no profile has the id '\(id)'")
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
            guard definitions[parentID] != nil else {
                throw RuleSetError(path: path + ".extends", message: "no profile has the id '\(parentID)'")
            }
            extends = parentID
            let parent = try resolve(parentID, definitions: definitions, resolved: &resolved, chain: chain + [id])
            rules = parent.rules.compactMap { rule in rule.definition.objectValue.map { (rule.sourcePath, $0) } }
        }
        for (offset, value) in try array(body["remove"] ?? .array([]), at: path + ".remove").enumerated() {
            let removed = try string(value, at: "\(path).remove[\(offset)]")
            guard rules.contains(where: { $0.body["id"]?.stringValue == removed }) else {
                throw RuleSetError(path: "\(path).remove[\(offset)]", message: "no inherited rule has the id '\(removed)'")
            }
            rules.removeAll { $0.body["id"]?.stringValue == removed }
        }
        for (offset, value) in try array(body["override"] ?? .array([]), at: path + ".override").enumerated() {
            let entryPath = "\(path).override[\(offset)]"
            let patch = try object(value, at: entryPath)
            let target = try string(patch["id"], at: entryPath + ".id")
            guard let position = rules.firstIndex(where: { $0.body["id"]?.stringValue == target }) else {
                throw RuleSetError(path: entryPath + ".id", message: "no inherited rule has the id '\(target)'")
            }
            let merged = JSONValue.object(rules[position].body).merged(with: .object(patch))
            rules[position] = (entryPath, merged.objectValue ?? patch)
        }
        for key in ["rules", "add"] {
            for (offset, value) in try array(body[key] ?? .array([]), at: "\(path).\(key)").enumerated() {
                let rulePath = "\(path).\(key)[\(offset)]"
                let rule = try object(value, at: rulePath)
                let ruleID = try string(rule["id"], at: rulePath + ".id")
                guard !rules.contains(where: { $0.body["id"]?.stringValue == ruleID }) else {
                    throw RuleSetError(path: rulePath + ".id", message: "duplicate rule id '\(ruleID)' (use override to change an inherited rule)")
                }
                rules.append((rulePath, rule))
            }
        }
        var decoded: [Rule] = []
        for (rulePath, rule) in rules { decoded.append(try decodeRule(rule, at: rulePath)) }
        let profile = Profile(id: id, title: try string(body["title"] ?? .string(id), at: path + ".title"),
                              source: body["source"]?.stringValue, extends: extends, rules: decoded)
        resolved[id] = profile
        return profile
    }

    private func decodeRule(_ body: [String: JSONValue], at path: String) throws(RuleSetError) -> Rule {
        let known: Set = ["id", "check", "severity", "message", "messages", "hint", "hints", "reference", "parameters",
                          "description"]
        try json.rejectUnknownKeys(body, known: known, at: path)
        let id = try string(body["id"], at: path + ".id")
        let checkName = try string(body["check"], at: path + ".check")
        guard let kind = CheckRegistry.kind(named: checkName) else {
            let names = CheckRegistry.kinds.map { $0.name }.joined(separator: ", ")
            throw RuleSetError(path: path + ".check", message: "unknown check '\(checkName)' (known: \(names))")
        }
        let severityName = try string(body["severity"], at: path + ".severity")
        guard let severity = Severity(rawValue: severityName) else {
            throw RuleSetError(path: path + ".severity", message: "expected error, warning or info, found '\(severityName)'")
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
        for (family, value) in try object(body["hints"] ?? .object([:]), at: path + ".hints") {
            guard Producer(rawValue: family) != nil else {
                throw RuleSetError(path: "\(path).hints.\(family)",
                                   message: JSONReader<RuleSetError>.unknown("producer family", family, expected: Producer.allCases.map(\.rawValue)))
            }
            hints[family] = try template(value, at: "\(path).hints.\(family)", kind: kind)
        }
        let bound = try kind.bind(body["parameters"] ?? .object([:]), path: path + ".parameters")
        return Rule(id: id, check: checkName, severity: severity,
                    message: try template(body["message"] ?? .string(kind.defaultMessages["main"] ?? id), at: path + ".message", kind: kind),
                    messages: messages, hint: try template(body["hint"], at: path + ".hint", kind: kind), hints: hints,
                    reference: try string(body["reference"], at: path + ".reference"),
                    definition: .object(body), sourcePath: path, bound: bound)
    }

    /// A message or hint template: a string whose `{placeholders}` are ones the kind fills (its
    /// outcomes' values and its parameters), so that a typo such as `{mesured}` is an error here
    /// rather than printed as written.
    private func template(_ value: JSONValue?, at path: String, kind: any CheckKind.Type) throws(RuleSetError) -> String {
        let text = try string(value, at: path)
        let known = kind.messagePlaceholders
        for name in Rule.placeholders(in: text) where !known.contains(name) {
            throw RuleSetError(path: path, message: JSONReader<RuleSetError>.unknown("placeholder of \(kind.name)", "{\(name)}", expected: known.map { "{\($0)}" }))
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
