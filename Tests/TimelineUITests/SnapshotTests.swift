import Testing
import TimelineModel
@testable import TimelineUI

/// Whole screens at five sizes, compared with golden text files in Snapshots/.
@Suite("Screen snapshots")
struct SnapshotTests {
    static let screens: [(name: String, keys: [Key])] = [
        ("timeline", []),
        ("timeline-selected", [.down, .down, .down, .down, .down, .down]),
        ("involvement", keys("p") + keys("kudlow") + [.enter]),
        ("measure-history", [.end, .tab, .tab, .tab, .down, .enter]),
        ("reader", [.end, .tab, .tab, .tab, .tab, .enter]),
        ("search", keys("/huawei")),
        ("search-confirmed", keys("/huawei") + [.enter] + keys("n")),
        ("help", keys("?")),
        ("people-picker", keys("pli")),
    ]

    @Test(arguments: snapshotSizes)
    func screensAtSize(_ size: Size) {
        for screen in Self.screens {
            let buffer = state(size, screen.keys).render()
            expectWellFormed(buffer)
            assertSnapshot(buffer, named: "\(screen.name)-\(size.width)x\(size.height)")
        }
    }
}
