import Foundation
import PaperAnalysis
import PaperFacts

/// One rule of a profile: a check kind with its parameters, severity and texts.
public struct Rule: Sendable {
    /// The rule's id, unique within its profile (e.g. `margins`).
    public var id: String
    /// The check kind's `name` (e.g. `contentWithin`).
    public var check: String
    /// The severity of the rule's findings, unless the check overrides it.
    public var severity: Severity
    /// The template for the `main` variant, with `{placeholders}`.
    public var message: String
    /// Templates for the check's other variants, by variant name.
    public var messages: [String: String]
    /// How to fix a violation, shown with each finding (when no `hints` entry fits the file better).
    public var hint: String
    /// Hints for files made by a particular kind of tool, by `Producer` family (`latex`, `word`):
    /// a Word user gets Word advice. A key may also name a variant (`attachment`) or a variant and a
    /// family (`attachment.latex`), for kinds whose outcomes need different fixes; the most specific
    /// key that fits wins. Placeholders are filled like the message's.
    public var hints: [String: String]

    /// The keys `hints` may have for a kind with these variants: families, variants, `variant.family`.
    public static func hintKeys(variants: [String]) -> [String] {
        let families = Producer.allCases.map(\.rawValue)
        return families + variants + variants.flatMap { variant in families.map { variant + "." + $0 } }
    }

    /// The hint template for an outcome of `variant` in a file made by `producer`.
    func hintTemplate(variant: String, producer: Producer?) -> String {
        if let family = producer?.rawValue, let specific = hints[variant + "." + family] { return specific }
        if let general = hints[variant] { return general }
        return producer.flatMap { hints[$0.rawValue] } ?? hint
    }
    /// The venue's wording of the requirement.
    public var reference: String
    /// What a chair does with a paper that fails the rule (`desk-reject`, `fix-before-camera-ready`);
    /// nil when the rules file does not say (`TriageClass.default(for:)` then).
    public var triage: TriageClass?
    /// A short template naming the failure in a triage list ("over length: {bodyPages} body pages"),
    /// with the kind's placeholders and `Triage.causePlaceholders`.
    public var cause: String?
    /// The rule as written, merged with overrides: for `rules show` and the JSON schema.
    public var definition: JSONValue
    /// Where the rule was written in the rules file (`profiles[0].rules[3]`), for error messages.
    public var sourcePath: String
    /// The typed parameters of the rule's kind (`PageCountCheck.Parameters`, ...), defaults filled in.
    public var parameters: any Sendable { bound.parameters }
    /// What the rule needs extraction to do for it.
    public var needs: ExtractionNeeds { bound.needs }
    let bound: BoundParameters

    /// Evaluates the rule and fills its message templates and hint.
    public func evaluate(in context: CheckContext) -> [Finding] {
        let producer = Producer.family(of: context.facts.metadata)
        return bound.run(context).map { outcome in
            let hintTemplate = hintTemplate(variant: outcome.variant, producer: producer)
            let template = messageTemplate(variant: outcome.variant)
            // The parameters are placeholders too ({maxBodyPages}), so a hint speaks the limit the
            // profile sets; what the check measured wins where both have a name.
            let values = bound.messageValues.merging(outcome.values) { $1 }
            return Finding(ruleId: id, check: check, severity: outcome.severity ?? severity,
                           message: Self.fill(template, with: values), page: outcome.page,
                           pages: outcome.pages, box: outcome.box, text: outcome.text, values: outcome.values,
                           hint: Self.fill(hintTemplate, with: values), reference: reference,
                           occurrences: outcome.occurrences, measured: outcome.measured, expected: outcome.expected,
                           measuredSize: outcome.measuredSize, expectedSize: outcome.expectedSize, side: outcome.side)
        }
    }

    /// The hint with the rule's parameters filled in (`Use US Letter paper (612 x 792 pt)`), for
    /// reports that describe the rule apart from any finding (SARIF's rule help); placeholders only
    /// a finding fills are left as written.
    public var parameterFilledHint: String {
        Self.fill(hint, with: bound.messageValues)
    }

    /// The page regions the rule's check wants rendered before it evaluates (see `CheckKind.inkRegions`).
    public func inkRegions(in context: CheckContext) -> [Int: [Box]] {
        bound.regions(context)
    }

    /// The message template for an outcome of `variant`: the rule's `message` for `main`, else its
    /// `messages` entry, else the kind's default for that variant.
    func messageTemplate(variant: String) -> String {
        variant == "main" ? message : messages[variant] ?? bound.defaultMessages[variant] ?? message
    }

    /// Replaces `{name}` with the value of `name`; `{{` and `}}` stand for literal braces, so a
    /// LaTeX hint writes `\\usepackage{{geometry}}`. Names without a value are left as written
    /// (the rules file refuses them when it loads).
    public static func fill(_ template: String, with values: [String: String]) -> String {
        var result = ""
        for piece in pieces(of: template) {
            switch piece {
            case let .text(text): result += text
            case let .placeholder(name): result += values[name] ?? "{\(name)}"
            }
        }
        return result
    }

    /// The `{placeholders}` a template uses.
    public static func placeholders(in template: String) -> [String] {
        pieces(of: template).compactMap { piece in
            if case let .placeholder(name) = piece { return name }
            return nil
        }
    }

    private enum TemplatePiece {
        case text(String)
        case placeholder(String)
    }

    /// A template cut into literal text (escapes resolved) and placeholders. Read by Unicode
    /// scalar, not by character: the braces are ASCII, and every finding's message is filled here.
    private static func pieces(of template: String) -> [TemplatePiece] {
        let scalars = template.unicodeScalars
        var pieces: [TemplatePiece] = []
        var text = ""
        var runStart = scalars.startIndex
        var index = runStart
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if scalar == "{" || scalar == "}", next < scalars.endIndex, scalars[next] == scalar {
                // A doubled brace is one literal brace: the run takes the first and skips the second.
                text += String(scalars[runStart..<next])
                index = scalars.index(after: next)
                runStart = index
            } else if scalar == "{", let close = scalars[next...].firstIndex(where: { $0 == "}" || $0 == "{" }),
                      scalars[close] == "}" {
                text += String(scalars[runStart..<index])
                pieces.append(.text(text))
                text = ""
                pieces.append(.placeholder(String(scalars[next..<close])))
                index = scalars.index(after: close)
                runStart = index
            } else {
                index = next
            }
        }
        text += String(scalars[runStart..<index])
        pieces.append(.text(text))
        return pieces
    }
}

extension CheckKind {
    /// The typed parameters of a rule's `parameters` object, and the object with its defaults
    /// filled in; errors carry the JSON path under `path`.
    static func decodeParameters(_ parameters: JSONValue, path: String = "parameters") throws(RuleSetError)
        -> (parameters: Parameters, checked: JSONValue) {
        let checked = try ParameterValidator.validated(parameters, specs: parameterSpecs, at: path)
        let decoded = try JSONValueDecoder().decode(Parameters.self, from: checked, path: path)
        if let problem = validate(decoded) {
            throw RuleSetError(path: path + "." + problem.key, message: problem.message)
        }
        return (decoded, checked)
    }
}

/// A rule's parameters decoded for its kind, and what the rule does with them.
struct BoundParameters: Sendable {
    /// The typed parameters.
    let parameters: any Sendable
    /// The parameters as message values (`{maxBodyPages}`), by name.
    let messageValues: [String: String]
    /// What the rule needs from extraction.
    let needs: ExtractionNeeds
    /// The kind's default messages by variant, taken once when the rule is bound.
    let defaultMessages: [String: String]
    let run: @Sendable (CheckContext) -> [CheckOutcome]
    let regions: @Sendable (CheckContext) -> [Int: [Box]]
}

extension CheckKind {
    /// Checks a rule's `parameters` against `parameterSpecs` (unknown keys, types, closed sets,
    /// ranges, patterns, language codes), fills the defaults, decodes the typed parameters straight
    /// from the checked value and binds them to `evaluate`, `inkRegions` and `needs`.
    static func bind(_ parameters: JSONValue, path: String) throws(RuleSetError) -> BoundParameters {
        let (decoded, checked) = try decodeParameters(parameters, path: path)
        return BoundParameters(parameters: decoded, messageValues: ParameterSpec.messageValues(of: checked),
                               needs: needs(decoded), defaultMessages: defaultMessages, run: { context in evaluate(decoded, in: context) },
                               regions: { context in inkRegions(decoded, in: context) })
    }
}
