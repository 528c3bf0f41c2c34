// Post-build check of the getting-started project (run by maven-invoker-plugin after the project's build).
// 1. The guide shows exactly the files that were built: every block of docs/GETTING_STARTED.md tagged
//    <!-- file: PATH --> equals it/getting-started/PATH, and every file of the template is shown.
// 2. The guide's command is the one the invoker ran (it/pom.xml <goals>).
// 3. The program ran and the optimizer improved the policy.
// Variables from it/pom.xml: guide (the .md), template (it/getting-started), built (the cloned, built copy).
import java.util.regex.Pattern

def check = { boolean ok, String message -> if (!ok) throw new AssertionError((Object) message) }

def guideText = new File(guide).getText('UTF-8').replace('\r\n', '\n')
def shown = [:]
def m = Pattern.compile('<!-- file: (\\S+) -->\\n```[a-z]*\\n(.*?\\n)```', Pattern.DOTALL).matcher(guideText)
while (m.find()) {
  check(!shown.containsKey(m.group(1)), "GETTING_STARTED.md shows ${m.group(1)} twice")
  shown[m.group(1)] = m.group(2)
}
def root = new File(template)
def files = [:]
root.eachFileRecurse(groovy.io.FileType.FILES) { f ->
  def rel = root.toPath().relativize(f.toPath()).toString().replace('\\', '/')
  if (!rel.startsWith('target/')) {
    files[rel] = f.getText('UTF-8').replace('\r\n', '\n')
  }
}
check(shown.keySet() == files.keySet(),
    "GETTING_STARTED.md shows ${shown.keySet().sort()}, it/getting-started has ${files.keySet().sort()}")
files.each { rel, text ->
  check(shown[rel] == text, "GETTING_STARTED.md's ${rel} differs from it/getting-started/${rel}; make them the same text")
}
check(guideText.contains('```\nmvn compile exec:java\n```'),
    'GETTING_STARTED.md no longer runs the project with the goals it/pom.xml gives the invoker')

def log = new File(built, 'build.log').getText('UTF-8')
def r = (log =~ /mean cost of the deterministic policy: ([0-9.]+) before, ([0-9.]+) after/)
check(r.find(), 'the program did not print its result')
double before = r.group(1) as double
double after = r.group(2) as double
println "getting-started: mean cost ${before} before, ${after} after"
check(after < 0.5 * before, "the optimizer did not halve the cost: ${before} before, ${after} after")
return true
