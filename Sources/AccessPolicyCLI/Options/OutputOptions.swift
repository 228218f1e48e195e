// --format, for the commands that print a plan.

import AccessPolicy
import ArgumentParser

struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json or markdown.")
    var format: PlanFormat = .text
}
