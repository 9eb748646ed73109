package org.agora.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.agora.deployment.description.DescriptionException;
import org.agora.deployment.description.Problem;
import org.agora.deployment.description.ProblemCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a description is refused with its name and line. */
class SyntaxTest {

    @Test
    void aSyntaxErrorNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.conf");
        Files.writeString(file, "deployment {\n  kind = compound\n  a { kind = domain,, }\n}\n");
        Problem problem = assertThrows(DescriptionException.class, () -> Fixtures.DESCRIPTIONS.plan(file)).problems().get(0);
        assertEquals(ProblemCode.SYNTAX, problem.code());
        assertEquals(file.toString(), problem.origin().file());
        assertEquals(3, problem.origin().line());
        assertTrue(problem.toString().startsWith(file + ":3: description: "), problem.toString());
    }

    @Test
    void aDescriptionWithoutADeploymentSaysWhereTheRootGoes() {
        Problem problem = Fixtures.problems("templates { a { kind = domain } }\n").get(0);
        assertEquals("test.conf: deployment: no 'deployment' object: the root of the tree is the object under the "
                + "top-level key 'deployment'", problem.toString());
    }

    @Test
    void aMissingFileIsNamed() {
        Problem problem = assertThrows(DescriptionException.class,
                () -> Fixtures.DESCRIPTIONS.plan(Path.of("/nonexistent/testbed.conf"))).problems().get(0);
        assertEquals("/nonexistent/testbed.conf: description: cannot read the file", problem.toString());
    }
}
