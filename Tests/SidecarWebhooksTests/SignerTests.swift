import Foundation
import SidecarWebhooks
import Testing

@Suite("Standard Webhooks signatures")
struct SignerTests {
    let signer = WebhookSigner(secret: try! WebhookSecret(testSecret))

    /// The specification's own test vector (standard-webhooks, libraries' shared tests).
    @Test func matchesTheSpecificationsVector() {
        let signature = signer.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Data(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func verifiesOnlyTheSignedMessageInTime() {
        let body = Data(#"{"id":1}"#.utf8)
        let now = Date()
        let timestamp = Int64(now.timeIntervalSince1970)
        let good = signer.signature(id: "evt_1", timestamp: timestamp, body: body)
        #expect(signer.verify(id: "evt_1", timestamp: "\(timestamp)", signatures: good, body: body, now: now))
        #expect(signer.verify(id: "evt_1", timestamp: "\(timestamp)", signatures: "v1,bogus= " + good, body: body, now: now),
                "one of several signatures (a secret being rotated) is enough")
        #expect(!signer.verify(id: "evt_1", timestamp: "\(timestamp)", signatures: good, body: Data(#"{"id":2}"#.utf8), now: now))
        #expect(!signer.verify(id: "evt_2", timestamp: "\(timestamp)", signatures: good, body: body, now: now))
        #expect(!signer.verify(id: "evt_1", timestamp: "\(timestamp)", signatures: good, body: body, now: now.addingTimeInterval(301)),
                "a replay older than the tolerance")
        let other = WebhookSigner(secret: try! WebhookSecret(WebhookSecret.generate()))
        #expect(!other.verify(id: "evt_1", timestamp: "\(timestamp)", signatures: good, body: body, now: now))
    }

    @Test(arguments: [
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "lacks the whsec_ prefix"),
        ("whsec_%%%", "not valid base64"),
        ("whsec_c2hvcnQ=", "24-64 bytes"),
    ])
    func refusesMalformedSecrets(_ text: String, _ message: String) {
        #expect { try WebhookSecret(text) } throws: { error in "\(error)".contains(message) }
    }

    @Test func generatedSecretsAreValidAndDistinct() throws {
        let a = WebhookSecret.generate()
        #expect(a.hasPrefix("whsec_"))
        _ = try WebhookSecret(a)
        #expect(a != WebhookSecret.generate())
    }

    /// An implementation written from the specification alone (Python's standard library)
    /// accepts what the daemon signs, and refuses a tampered body.
    @Test func anIndependentImplementationVerifiesIt() throws {
        let body = Data(#"{"id":7,"type":"room.live","data":{"roomId":"r1"}}"#.utf8)
        let timestamp = Int64(Date().timeIntervalSince1970)
        let signature = signer.signature(id: "evt_7", timestamp: timestamp, body: body)
        #expect(try verifyWithPython(id: "evt_7", timestamp: "\(timestamp)", signature: signature, body: body) == 0)
        #expect(try verifyWithPython(id: "evt_7", timestamp: "\(timestamp)", signature: signature, body: body + Data(" ".utf8)) == 1)
    }
}

/// Runs scripts/verify-webhook.py; its exit status (0 = valid).
func verifyWithPython(id: String, timestamp: String, signature: String, body: Data) throws -> Int32 {
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let python else {
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw VerifierMissing() }
        try Test.cancel("python3 is not installed (scripts/setup.sh --test installs it)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [
        repositoryRoot.appendingPathComponent("scripts/verify-webhook.py").path,
        "--secret", testSecret, "--id", id, "--timestamp", timestamp, "--signature", signature,
    ]
    let input = Pipe()
    process.standardInput = input
    process.standardError = FileHandle.nullDevice
    try process.run()
    input.fileHandleForWriting.write(body)
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return process.terminationStatus
}

struct VerifierMissing: Error, CustomStringConvertible {
    var description: String { "python3 is required under CI=true to verify signatures independently" }
}
