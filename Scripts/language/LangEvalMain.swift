// Tiny command-line front end for the language identifier, compiled together
// with Sources/PaperAnalysis/Language/*.swift by eval.sh (standalone, without
// the package build):
//
//   langeval < paragraphs.jsonl      one {"text": ...} per line in; one
//                                    {"best","confidence","candidates","shares"} per line out
//   langeval --bench FILE [RUNS]     median and mean milliseconds of identify(FILE's text)
import Foundation

struct Paragraph: Decodable {
    var text: String
}

struct Prediction: Encodable {
    var best: String
    var confidence: Double
    var candidates: [LanguageCandidate]
    var shares: [LanguageShare]
    var analyzedCharacters: Int
}

@main
struct LangEval {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count >= 3, arguments[1] == "--bench" {
            try benchmark(path: arguments[2], runs: arguments.count >= 4 ? Int(arguments[3]) ?? 200 : 200)
        } else {
            try predictLines()
        }
    }

    static func predictLines() throws {
        let identifier = LanguageIdentifier.shared
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        var output = Data()
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            let paragraph = try decoder.decode(Paragraph.self, from: Data(line.utf8))
            let guess = identifier.identify(paragraph.text)
            let prediction = Prediction(
                best: guess.best?.code ?? "und",
                confidence: guess.best?.confidence ?? 0,
                candidates: Array(guess.candidates.prefix(3)),
                shares: guess.shares,
                analyzedCharacters: guess.analyzedCharacters)
            output.append(try encoder.encode(prediction))
            output.append(0x0A)
        }
        FileHandle.standardOutput.write(output)
    }

    static func benchmark(path: String, runs: Int) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let clock = ContinuousClock()
        // Parsing the embedded profiles happens once per process, on first use.
        let firstUse = clock.measure { _ = LanguageModel.embedded }
        let identifier = LanguageIdentifier.shared
        var samples: [Double] = []
        var best = ""
        for _ in 0..<max(1, runs) {
            var guess: LanguageGuess?
            let elapsed = clock.measure { guess = identifier.identify(text) }
            samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
            best = guess?.best?.code ?? "und"
        }
        samples.sort()
        let mean = samples.reduce(0, +) / Double(samples.count)
        let firstMilliseconds = Double(firstUse.components.attoseconds) / 1e15 + Double(firstUse.components.seconds) * 1e3
        func milliseconds(_ value: Double) -> String { String(format: "%.3f", value) }
        print("{\"characters\": \(text.count), \"runs\": \(samples.count), "
            + "\"median_ms\": \(milliseconds(samples[samples.count / 2])), \"mean_ms\": \(milliseconds(mean)), "
            + "\"p95_ms\": \(milliseconds(samples[min(samples.count - 1, samples.count * 95 / 100)])), "
            + "\"profile_parse_ms\": \(milliseconds(firstMilliseconds)), \"best\": \"\(best)\"}")
    }
}
