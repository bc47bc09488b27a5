import PaperAnalysis
import PaperFacts

/// The page limit: body pages (before the References or Acknowledgements heading) and total pages.
/// Without such a heading it says so and holds the whole paper to the body limit.
public enum PageCountCheck: CheckKind {
    /// The `parameters` object of a `pageCount` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// The most pages the body may take.
        public var maxBodyPages: Int
        /// The most pages the whole paper may take, references and acknowledgements included.
        public var maxTotalPages: Int
        /// Heading titles that end the body, compared without case, numbers or punctuation.
        public var bodyEndHeadings: [String]
        /// The limit for all pages when no heading ends the body (default: maxBodyPages).
        public var maxTotalPagesWithoutBodyEnd: Int?
    }

    /// The parameters of a `pageCount` rule.
    public static let parameterSpecs = [
        ParameterSpec("maxBodyPages", .pageCount, "The most pages the body may take."),
        ParameterSpec("maxTotalPages", .pageCount, "The most pages in all, references and acknowledgements included."),
        ParameterSpec("bodyEndHeadings", .texts, .defaulted(.array(["References", "Bibliography", "Acknowledgements", "Acknowledgments",
                                                                    "Acknowledgement", "Acknowledgment"].map(JSONValue.string))),
                      "Heading titles that end the body, compared without case, numbers or punctuation."),
        ParameterSpec("maxTotalPagesWithoutBodyEnd", .pageCount, .optional,
                      "The limit for all pages when no heading ends the body (maxBodyPages when absent)."),
    ]

    /// The total limit cannot be below the body limit, nor the limit without a body end.
    public static func validate(_ parameters: Parameters) -> ParameterProblem? {
        if parameters.maxTotalPages < parameters.maxBodyPages {
            return ParameterProblem("maxTotalPages", "\(parameters.maxTotalPages) is below maxBodyPages (\(parameters.maxBodyPages)): the whole paper cannot be shorter than its body")
        }
        if let without = parameters.maxTotalPagesWithoutBodyEnd, without < parameters.maxBodyPages {
            return ParameterProblem("maxTotalPagesWithoutBodyEnd", "\(without) is below maxBodyPages (\(parameters.maxBodyPages)): a paper within the body limit would fail")
        }
        return nil
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "pageCount"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The body (up to the References or Acknowledgements heading, found by typography) has at most maxBodyPages pages and the paper at most maxTotalPages; with no such heading the whole paper is held to maxTotalPagesWithoutBodyEnd."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The body is longer than allowed.
        case main
        /// The paper has more pages than allowed in all.
        case total
        /// No heading ends the body, so the whole paper counts as body (a warning).
        case noBodyEnd
        /// No heading ends the body and the paper is longer than allowed without one.
        case unbounded
    }

    /// Message templates by variant: `main` (body too long), `total` (too many pages), `noBodyEnd` (a warning
    /// that no heading ends the body) and `unbounded` (too many pages without such a heading).
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "the body runs to {bodyPages} pages (up to \"{heading}\" on page {page}); at most {maxBodyPages} allowed"
        case .total: "{totalPages} pages in all; at most {maxTotalPages} allowed including references and acknowledgements"
        case .noBodyEnd: "no {bodyEndHeadings} heading found, so the whole paper ({totalPages} pages) counts as body"
        case .unbounded: "{totalPages} pages and no {bodyEndHeadings} heading; at most {maxBodyPages} allowed when the body end cannot be found"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["bodyPages", "totalPages", "maxBodyPages", "maxTotalPages", "heading", "page"]

    /// Reports a body longer than `maxBodyPages` and a paper longer than `maxTotalPages`; without a body-end
    /// heading, holds all pages to `maxTotalPagesWithoutBodyEnd` (an error past it), and warns only when
    /// the paper is longer than `maxBodyPages` yet within that limit.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let total = context.facts.pageCount
        let names = parameters.bodyEndHeadings
        let bodyEnd = DocumentAnalyzer.bodyEnd(in: context, named: names)
        var values = ["totalPages": "\(total)", "maxBodyPages": "\(parameters.maxBodyPages)",
                      "maxTotalPages": "\(parameters.maxTotalPages)"]
        var outcomes: [CheckOutcome] = []
        guard let bodyEnd else {
            let limit = parameters.maxTotalPagesWithoutBodyEnd ?? parameters.maxBodyPages
            values["maxBodyPages"] = "\(limit)"
            // Said once: the error says it when the paper is too long for any body; a warning only
            // when the paper fits the limit without a heading but could be too long with one; a
            // paper within the body limit is within it whatever its structure.
            if total > limit {
                outcomes.append(CheckOutcome(variant: Variant.unbounded, values: values, pages: Array((limit + 1)...total),
                                             measured: Quantity(Double(total), .pages), expected: Quantity(Double(limit), .pages)))
            } else if total > parameters.maxBodyPages {
                outcomes.append(CheckOutcome(variant: Variant.noBodyEnd, severity: .warning, values: values,
                                             measured: Quantity(Double(total), .pages),
                                             expected: Quantity(Double(parameters.maxBodyPages), .pages)))
            }
            return outcomes
        }
        values["bodyPages"] = "\(bodyEnd.bodyPages)"
        values["heading"] = bodyEnd.heading.text
        values["page"] = "\(bodyEnd.heading.page)"
        if bodyEnd.bodyPages > parameters.maxBodyPages {
            outcomes.append(CheckOutcome(values: values, page: bodyEnd.heading.page, box: bodyEnd.heading.box,
                                         text: bodyEnd.heading.text, measured: Quantity(Double(bodyEnd.bodyPages), .pages),
                                         expected: Quantity(Double(parameters.maxBodyPages), .pages)))
        }
        if total > parameters.maxTotalPages {
            outcomes.append(CheckOutcome(variant: Variant.total, values: values,
                                         pages: Array((parameters.maxTotalPages + 1)...total),
                                         measured: Quantity(Double(total), .pages),
                                         expected: Quantity(Double(parameters.maxTotalPages), .pages)))
        }
        return outcomes
    }
}

extension DocumentAnalyzer {
    /// The body end for a check's own list of heading names (the analysis holds the default one).
    static func bodyEnd(in context: CheckContext, named names: [String]) -> BodyEnd? {
        if names.map(Heading.comparableTitle) == defaultBodyEndHeadings { return context.analysis.bodyEnd }
        return bodyEnd(in: context.analysis, pages: context.facts.pages, names: names)
    }
}
