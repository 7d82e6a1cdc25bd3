package org.kehou.selection;

import java.time.LocalTime;

/**
 * The daily after-school window of a school ({@code organisation} {@code SchoolView.serviceStarts/serviceEnds}) and
 * the parents' off-work time of the 5+2 rule ({@link SelectionProperties#offWorkTime()}).
 */
public record ServiceWindow(LocalTime starts, LocalTime ends, LocalTime offWork) {
}
