"""村民说事: meetings and each matter from 说事 to 评事."""
