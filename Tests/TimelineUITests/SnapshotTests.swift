import Testing
import TimelineModel
@testable import TimelineUI

/// Whole screens at five sizes, compared with golden text files in Snapshots/.
@Suite("Screen snapshots")
struct SnapshotTests {
    static let screens: [(name: String, keys: [Key])] = [
        ("timeline", []),
        ("timeline-background", [.character("g")]),
        ("timeline-selected", [.down, .down, .down]),
        ("timeline-people-focused", [.enter]),
        ("involvement", keys("p") + keys("kudlow") + [.enter]),
        ("measure-history", [.end, .tab, .tab, .tab, .down, .enter]),
        ("reader", [.end, .tab, .tab, .tab, .tab, .enter]),
        ("search", keys("/huawei")),
        ("search-confirmed", keys("/huawei") + [.enter] + keys("n")),
        ("help", keys("?")),
        ("people-picker", keys("pli")),
        ("too-small", []),
        ("compare", keys("s")),
        ("as-of-filtered", keys("@") + [.enter] + keys("fsource:arirang") + [.enter, .tab, .tab, .tab]),
    ]

    @Test(arguments: snapshotSizes)
    func loadingScreenAtSize(_ size: Size) {
        let reading = LoadingScreen(name: "wire/timeline.json", progress: LoadProgress(.reading, done: 312_400_000, total: 912_400_000, events: 421_337), size: size)
        let indexing = LoadingScreen(name: "wire/timeline.json", progress: LoadProgress(.indexing, done: 0, total: 0, events: 1_000_000), size: size)
        for (name, screen) in [("loading", reading), ("loading-indexing", indexing)] {
            let buffer = screen.render()
            expectWellFormed(buffer)
            assertSnapshot(buffer, named: "\(name)-\(size.width)x\(size.height)")
        }
    }

    @Test func loadingScreenIsSafeAtAnySizeAndWithAnyName() {
        for width in 0...12 {
            for height in 0...5 {
                let screen = LoadingScreen(name: "\u{1B}]0;PWNED\u{7}宽字符/\u{202E}evil.json", progress: LoadProgress(.reading, done: 5, total: 0, events: 0), size: Size(width: width, height: height))
                let buffer = screen.render()
                expectWellFormed(buffer)
                #expect(!buffer.lines.joined().contains("\u{1B}") && !buffer.lines.joined().contains("\u{202E}"))
            }
        }
    }

    @Test(arguments: snapshotSizes)
    func aTimelineJSFileAtSize(_ size: Size) {
        let buffer = AppState(timeline: riverTowns, size: size).render()
        expectWellFormed(buffer)
        assertSnapshot(buffer, named: "timelinejs-\(size.width)x\(size.height)")
    }

    @Test(arguments: snapshotSizes)
    func screensAtSize(_ size: Size) {
        for screen in Self.screens {
            // The too-small screen is checked just under the minimum for each size's other side.
            let shown = screen.name == "too-small" ? Size(width: min(size.width, 31), height: size.height) : size
            let buffer = state(shown, screen.keys).render()
            expectWellFormed(buffer)
            assertSnapshot(buffer, named: "\(screen.name)-\(size.width)x\(size.height)")
        }
    }
}
