import Foundation
import Testing

/// docs/json.md's examples are what tl prints: each block marked `<!-- output: tl ARGS -->` is
/// the output of `tl ARGS`, run from the top of the repository, a line of just "…" standing for
/// any lines left out.
@Suite("docs/json.md examples")
struct DocExampleTests {
    @Test func everyExampleIsWhatTlPrints() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/json.md"), encoding: .utf8)
        let parts = doc.components(separatedBy: "<!-- output: tl ").dropFirst()
        #expect(parts.count >= 5)
        for part in parts {
            let arguments = try #require(part.components(separatedBy: " -->").first).split(separator: " ").map(String.init)
            let block = try #require(part.components(separatedBy: "```").dropFirst().first)
            let shown = block.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast().map(String.init)
            let run = try tl(arguments, in: packageRoot)
            let printed = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
            #expect(DocExampleTests.matches(shown, printed), "docs/json.md's tl \(arguments.joined(separator: " ")) differs from what it prints:\n\(run.stdout)")
        }
    }

    /// Whether `printed` is `shown` with each line of just "…" standing for any run of lines.
    static func matches(_ shown: [String], _ printed: [String]) -> Bool {
        guard let first = shown.first else { return printed.isEmpty }
        if first.trimmingCharacters(in: .whitespaces) == "…" {
            return (0...printed.count).contains { matches(Array(shown.dropFirst()), Array(printed.dropFirst($0))) }
        }
        return printed.first == first && matches(Array(shown.dropFirst()), Array(printed.dropFirst()))
    }

    @Test func theEllipsisMatchesAnyRun() {
        #expect(DocExampleTests.matches(["{", "  …", "}"], ["{", "a", "b", "}"]))
        #expect(DocExampleTests.matches(["{", "  …", "}"], ["{", "}"]))
        #expect(!DocExampleTests.matches(["{", "a", "}"], ["{", "b", "}"]))
    }
}
