import Foundation
@testable import PaperRules

/// A kind's typed parameters from the JSON a rules file would hold, defaults filled in, exactly as
/// rules.json binds them (so tests cannot build parameters a rules file could not hold).
enum TestParameters {
    static func of<Kind: CheckKind>(_ kind: Kind.Type, _ json: String) throws -> Kind.Parameters {
        try of(kind, try JSONParser.parse(Data(json.utf8)))
    }

    static func of<Kind: CheckKind>(_ kind: Kind.Type, _ value: JSONValue) throws -> Kind.Parameters {
        try Kind.decodeParameters(value).parameters
    }
}
