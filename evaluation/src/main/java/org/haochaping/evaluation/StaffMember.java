package org.haochaping.evaluation;

/**
 * A clerk in the staff roster (花名册), as stored in the staff table: the registered phone only as the
 * keyed hash (for self-rating checks) and the mask.
 */
public record StaffMember(String clerkId, String name, String hallId, String counterId, String phoneHash,
                          String phoneMasked) {}
