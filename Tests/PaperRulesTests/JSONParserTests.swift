import Foundation
@testable import PaperRules
import Testing

/// The JSON parser the rules and waivers files are read with.
@Suite("JSON parser")
struct JSONParserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("reads what JSONDecoder reads", arguments: [
        #"{"a": [1, -2.5, 3e2, 0, -0.125E-2], "b": {"c": null, "d": true, "e": false}, "f": ""}"#,
        #"["\"\\\/\b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00", "plain ünïcödé 中文"]"#,
        #"["text before \n and é after \u00e9 and \"at the end\"", "é\t", "\té"]"#,
        #"  {"nested": [[[]], {}], "n": 1}  "#,
        "123", #""just a string""#, "null",
    ])
    func agreesWithJSONDecoder(text: String) throws {
        let data = Data(text.utf8)
        #expect(try JSONParser.parse(data) == JSONDecoder().decode(JSONValue.self, from: data))
    }

    @Test("reads rules.json exactly as JSONDecoder does")
    func rulesFile() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("rules.json"))
        #expect(try JSONParser.parse(data) == JSONDecoder().decode(JSONValue.self, from: data))
    }

    @Test("refuses what is not JSON, saying where", arguments: [
        ("", "unexpected end of text at line 1, column 1"),
        ("{not json", "expected a string key at line 1, column 2"),
        ("[1, 2,]", "unexpected character ']' at line 1, column 7"),
        ("{\"a\": 1}\n  x", "unexpected text after the JSON value at line 2, column 3"),
        ("01", "leading zeros are not allowed at line 1, column 3"),
        ("\"tab\tinside\"", "control character in a string at line 1, column 5"),
        ("\"\\ud800\"", "unpaired surrogate in a \\u escape at line 1, column 8"),
        ("\"\\x\"", "invalid escape '\\x' at line 1, column 4"),
        ("1e999", "number out of range at line 1, column 6"),
        ("tru", "invalid literal, expected 'true' at line 1, column 4"),
        (#"{"dup": 1, "dup": 2}"#, "duplicate key 'dup' at line 1, column 17"),
    ])
    func refusesInvalidText(text: String, expected: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(text.utf8)) }
        do {
            _ = try JSONParser.parse(Data(text.utf8))
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test("refuses text that is not UTF-8 and nesting deeper than the limit")
    func refusesBadBytesAndDepth() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data([0x22, 0xFF, 0x22])) }
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(deep.utf8)) }
    }
}
