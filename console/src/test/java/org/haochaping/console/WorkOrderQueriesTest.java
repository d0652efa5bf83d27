package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.haochaping.model.workorders.ConsoleRole;
import org.junit.jupiter.api.Test;

class WorkOrderQueriesTest {

    @Test
    void supervisorsAndAuditorsAreScopedByHallAndAClerkByTheirOwnId() {
        assertThat(WorkOrderQueries.scope(TestUsers.SUPERVISOR_H1.principal())).isEqualTo("hall_id IN ('H1')");
        assertThat(WorkOrderQueries.scope(new Principal("a", ConsoleRole.AUDITOR, List.of("H1", "H'2"))))
                .isEqualTo("hall_id IN ('H1', 'H\\'2')");
        assertThat(WorkOrderQueries.scope(TestUsers.SUPERVISOR_ALL.principal())).isEqualTo("1");
        assertThat(WorkOrderQueries.scope(new Principal("a", ConsoleRole.AUDITOR, List.of()))).isEqualTo("0");
        // a clerk's halls do not widen what they see
        assertThat(WorkOrderQueries.scope(TestUsers.CLERK_K7.principal())).isEqualTo("clerk_id = 'K7'");
    }

    @Test
    void columnsBecomeCamelCaseAndJsonColumnsLoseTheirSuffix() {
        assertThat(WorkOrderQueries.camel("follow_up_due")).isEqualTo("followUpDue");
        assertThat(WorkOrderQueries.camel("command_json")).isEqualTo("command");
        assertThat(WorkOrderQueries.camel("status")).isEqualTo("status");
    }
}
