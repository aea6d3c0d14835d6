-- CreateIndex
CREATE INDEX "MentorLesson_academicYear_schoolId_className_yearGroup_deliveredOn_pupilsPresent_idx" ON "MentorLesson"("academicYear", "schoolId", "className", "yearGroup", "deliveredOn", "pupilsPresent");

-- CreateIndex
CREATE INDEX "Delivery_startsAt_status_topicId_id_idx" ON "Delivery"("startsAt", "status", "topicId", "id");

-- CreateIndex
CREATE INDEX "Booking_deliveryId_status_schoolId_id_idx" ON "Booking"("deliveryId", "status", "schoolId", "id");

-- CreateIndex
CREATE INDEX "AttendanceReturn_bookingId_id_idx" ON "AttendanceReturn"("bookingId", "id");

-- CreateIndex
CREATE INDEX "AttendanceCount_returnId_yearGroup_pupils_idx" ON "AttendanceCount"("returnId", "yearGroup", "pupils");

