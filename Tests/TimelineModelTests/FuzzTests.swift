import TestSupport
import Testing
import TimelineModel

/// Seeded, bounded fuzzing: the same inputs every run, so a failure can be replayed and then
/// kept as a fixture in the broken-dataset suite.
@Suite("Fuzzing the loader and the sanitiser")
struct FuzzTests {
    static let base = Array(BundledTimeline.files["timeline.json"]!.utf8)
    static let pieces: [[UInt8]] = ["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "null", "true", "-0.5e9", "\u{1B}[2J",
                                    "\"id\"", "\"date\": \"2019-02-30\"", "\"precision\"", "\u{202E}", "\u{0}", "习", "👍🏽"].map { Array($0.utf8) }
        + [[0xFF], [0xC3], [0xEF, 0xBB, 0xBF], [0xE2, 0x80]]

    func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.below(4) {
            guard !bytes.isEmpty else { bytes = FuzzTests.pieces[random.below(FuzzTests.pieces.count)]; continue }
            let at = random.below(bytes.count)
            switch random.below(6) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(64)))
            case 2: bytes.insert(contentsOf: FuzzTests.pieces[random.below(FuzzTests.pieces.count)], at: at)
            case 3:
                let end = min(bytes.count, at + random.below(200))
                bytes.insert(contentsOf: bytes[at..<end], at: random.below(bytes.count))
            case 4: bytes.removeSubrange(at...)
            default: bytes.swapAt(at, random.below(bytes.count))
            }
        }
        return bytes
    }

    @Test func mutatedTimelinesLoadOrExplain() {
        var random = SplitMix64(seed: 0x7124_2019)
        var rejected = 0
        for round in 0..<4000 {
            let bytes = mutate(FuzzTests.base, &random)
            let files = TimelineFiles(mainFile: "timeline.json", displayPath: { $0 }) { path in
                path == "timeline.json" ? .success(FileBytes(bytes)) : BundledTimeline.files[path].map { .success(FileBytes(Array($0.utf8))) } ?? .failure(.missing)
            }
            switch TimelineLoader.load(files) {
            case .success(let timeline):
                #expect(!timeline.events.isEmpty, "round \(round)")
            case .failure(let error):
                rejected += 1
                #expect(!error.diagnostics.isEmpty, "round \(round)")
                for d in error.diagnostics {
                    #expect((d.line ?? 1) >= 1 && (d.column ?? 1) >= 1 && !d.message.isEmpty, "round \(round): \(d)")
                }
            }
        }
        #expect(rejected > 3000, "the mutations should break most inputs")
    }

    @Test func randomJSONNeverCrashesTheParser() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.below(400) { bytes += FuzzTests.pieces[random.below(FuzzTests.pieces.count)] }
            if let error = JSONParser.validate(bytes) {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
    }

    @Test func sanitisedTextIsInertAndMeasurable() {
        var random = SplitMix64(seed: 7)
        let pools: [ClosedRange<UInt32>] = [0x00...0x7F, 0x80...0x9F, 0xA0...0x2FF, 0x300...0x36F, 0x2000...0x206F, 0x3000...0x9FFF,
                                            0xAC00...0xD7A3, 0xFE00...0xFE0F, 0x1F1E6...0x1F1FF, 0x1F300...0x1FAFF]
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<random.below(24) {
                let pool = pools[random.below(pools.count)]
                if let scalar = Unicode.Scalar(pool.lowerBound + UInt32(random.below(Int(pool.upperBound - pool.lowerBound) + 1))) {
                    text.append(scalar)
                }
            }
            let clean = TerminalText.sanitize(String(text))
            #expect(!clean.unicodeScalars.contains(where: TerminalText.isUnsafe))
            #expect(TerminalText.sanitize(clean) == clean)
            let width = random.below(30) + 1
            #expect(TerminalText.displayWidth(TerminalText.truncate(clean, to: width)) <= width)
            #expect(TerminalText.wrap(clean, width: width).allSatisfy { TerminalText.displayWidth($0) <= width })
        }
    }
}
