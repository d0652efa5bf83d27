package org.haochaping.console;

import java.util.List;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;

/**
 * The console user a request was authenticated as ({@link BearerAuth}).
 *
 * @param userId the key under {@code console.users}; for a clerk, their clerk id
 * @param halls the halls the user acts in; {@value WorkOrderCommand#ALL_HALLS} = every hall
 */
public record Principal(String userId, ConsoleRole role, List<String> halls) {

    public Principal {
        halls = halls == null ? List.of() : List.copyOf(halls);
    }

    public boolean allHalls() {
        return halls.contains(WorkOrderCommand.ALL_HALLS);
    }

    /**
     * Whether this user may see a work order (or rating, alert) of {@code hallId} served by {@code clerkId}:
     * supervisors and auditors by hall, a clerk only their own.
     */
    public boolean sees(String hallId, String clerkId) {
        if (role == ConsoleRole.CLERK) {
            return userId.equals(clerkId);
        }
        return allHalls() || halls.contains(hallId);
    }
}
