package org.haochaping.model.cases;

/** What happened to a case (办件) in the counter business system. */
public enum CaseEventType {
    /** 受理: the counter took the case in. */
    ACCEPTED,
    /** 办结: the case is finished; from now on it can be rated and its rating window runs. */
    COMPLETED
}
