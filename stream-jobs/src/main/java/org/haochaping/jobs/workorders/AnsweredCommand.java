package org.haochaping.jobs.workorders;

import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.WorkOrderCommand;

/** A console command with the job's answer: the outcome goes to the outcomes topic, both to {@code work_order_commands}. */
public record AnsweredCommand(WorkOrderCommand command, CommandOutcome outcome) {}
